package dev.eventscheduler.standalone;

import dev.eventscheduler.executor.ExecutorMain;
import dev.eventscheduler.model.config.Environment;
import dev.eventscheduler.model.config.KafkaAccessFailure;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.SchedulerMain;
import dev.eventscheduler.localkafka.LocalKafkaException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar event-scheduler.jar [--no-demo] [--data-dir DIR] [--kafka-port PORT]
 * [--kafka-controller-port PORT]}: the whole system in one process. With {@code KAFKA_BOOTSTRAP_SERVERS} set it uses that cluster and starts no broker; the
 * scheduler's and executor's other variables apply as documented. Ctrl-C stops it cleanly.
 */
public final class StandaloneMain {

    static final String USAGE = "usage: java -jar event-scheduler.jar [--no-demo] [--data-dir DIR]"
            + " [--kafka-port PORT] [--kafka-controller-port PORT]";

    private StandaloneMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "standalone-logback.xml");
        }
        Environment env = Environment.system();
        Standalone.Builder builder = Standalone.builder()
                .bootstrapServers(env.string(Environment.KAFKA_BOOTSTRAP_SERVERS, null))
                .kafkaProperties(env.kafkaClientProperties())
                .topics(new Topics(env.string(Environment.TOPIC_PREFIX, Topics.DEFAULT_PREFIX)))
                .httpPort(env.integer(SchedulerMain.HTTP_PORT, Standalone.DEFAULT_HTTP_PORT))
                .httpHost(env.string(SchedulerMain.HTTP_HOST, "127.0.0.1"))
                .apiToken(env.string(SchedulerMain.API_TOKEN, null))
                .apiTokens(SchedulerMain.apiTokens(env))
                .allowAnonymous(env.bool(SchedulerMain.ALLOW_ANONYMOUS, false))
                .executorHttpPort(env.integer(ExecutorMain.HTTP_PORT, Standalone.DEFAULT_EXECUTOR_HTTP_PORT))
                .httpAllowedHosts(env.list(ExecutorMain.HTTP_ALLOWED_HOSTS))
                .webhookAllowedHosts(env.list(SchedulerMain.WEBHOOK_ALLOWED_HOSTS))
                .requireReplication(env.bool(Environment.REQUIRE_REPLICATION, false));
        TopicPlan.fromEnvironment(env, Topics.defaults()).replicationFactor().ifPresent(builder::replicationFactor);
        if (!applyArguments(args, builder)) {
            return;
        }
        Standalone standalone = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standalone.close();
            stopped.countDown();
        }, "standalone-shutdown"));
        try {
            standalone.start();
        } catch (LocalKafkaException e) {
            // one line, not a stack trace: the usual cause is a second process on the same data directory
            System.err.println("event-scheduler: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            throw KafkaAccessFailure.exitIfRefused(e, env.string(Environment.KAFKA_BOOTSTRAP_SERVERS, "the local broker"),
                    env.kafkaClientProperties());
        }
        System.out.printf("%nEvent scheduler running.%n  API:            http://127.0.0.1:%d/api/schedules%n"
                        + "  Kafka:          %s%n  Stop with Ctrl-C.%n%n", standalone.httpPort(), standalone.bootstrapServers());
        stopped.await();
    }

    /** Applies the command line to {@code builder}; false when it asked for help only. */
    static boolean applyArguments(String[] args, Standalone.Builder builder) {
        int kafkaPort = Standalone.DEFAULT_KAFKA_PORT;
        int controllerPort = Standalone.DEFAULT_KAFKA_CONTROLLER_PORT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-demo" -> builder.demo(false);
                case "--data-dir" -> builder.dataDirectory(Path.of(value(args, ++i, "--data-dir needs a directory")));
                case "--kafka-port" -> kafkaPort = port(value(args, ++i, "--kafka-port needs a port"), "--kafka-port");
                case "--kafka-controller-port" -> controllerPort = port(value(args, ++i,
                        "--kafka-controller-port needs a port"), "--kafka-controller-port");
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return false;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
            }
        }
        builder.kafkaPorts(kafkaPort, controllerPort);
        return true;
    }

    private static String value(String[] args, int index, String missing) {
        if (index >= args.length) {
            throw new IllegalArgumentException(missing);
        }
        return args[index];
    }

    private static int port(String text, String option) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(option + " must be a port between 0 and 65535, not " + text);
    }
}

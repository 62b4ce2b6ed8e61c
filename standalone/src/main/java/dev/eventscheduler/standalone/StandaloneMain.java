package dev.eventscheduler.standalone;

import dev.eventscheduler.executor.ExecutorMain;
import dev.eventscheduler.model.config.Environment;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.SchedulerMain;
import dev.eventscheduler.localkafka.LocalKafkaException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar event-scheduler.jar [--no-demo] [--data-dir DIR]}: the whole system in one
 * process. With {@code KAFKA_BOOTSTRAP_SERVERS} set it uses that cluster and starts no broker; the
 * scheduler's and executor's other variables apply as documented. Ctrl-C stops it cleanly.
 */
public final class StandaloneMain {

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
                .allowAnonymous(env.bool(SchedulerMain.ALLOW_ANONYMOUS, false))
                .executorHttpPort(env.integer(ExecutorMain.HTTP_PORT, Standalone.DEFAULT_EXECUTOR_HTTP_PORT))
                .httpAllowedHosts(env.list(ExecutorMain.HTTP_ALLOWED_HOSTS));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-demo" -> builder.demo(false);
                case "--data-dir" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--data-dir needs a directory");
                    }
                    builder.dataDirectory(Path.of(args[++i]));
                }
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar event-scheduler.jar [--no-demo] [--data-dir DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --no-demo or --data-dir DIR");
            }
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
        }
        System.out.printf("%nEvent scheduler running.%n  API:            http://127.0.0.1:%d/api/schedules%n"
                        + "  Kafka:          %s%n  Stop with Ctrl-C.%n%n", standalone.httpPort(), standalone.bootstrapServers());
        stopped.await();
    }
}

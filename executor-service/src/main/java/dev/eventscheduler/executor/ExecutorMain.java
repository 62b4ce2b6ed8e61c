package dev.eventscheduler.executor;

import dev.eventscheduler.model.config.Environment;
import dev.eventscheduler.model.config.KafkaAccessFailure;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.TopicProvisioner;
import dev.eventscheduler.model.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Runs one executor configured from the environment (see the README's configuration table):
 * provisions missing topics, starts, and stops cleanly on SIGTERM or Ctrl-C.
 */
public final class ExecutorMain {

    public static final String GROUP_ID = "EXECUTOR_GROUP_ID";
    public static final String EXECUTOR_ID = "EXECUTOR_ID";
    /** {@code true} joins the group as a static member under the executor id; see {@link ExecutorBuilder#staticMembership}. */
    public static final String STATIC_MEMBERSHIP = "EXECUTOR_STATIC_MEMBERSHIP";
    public static final String CONCURRENCY = "EXECUTOR_CONCURRENCY";
    public static final String MAX_IN_FLIGHT = "EXECUTOR_MAX_IN_FLIGHT";
    public static final String DEFAULT_TIMEOUT_MS = "EXECUTOR_DEFAULT_TIMEOUT_MS";
    public static final String PUBLISH_STARTED = "EXECUTOR_PUBLISH_STARTED";
    public static final String SHUTDOWN_TIMEOUT_MS = "EXECUTOR_SHUTDOWN_TIMEOUT_MS";
    public static final String PUBLISH_FAILURE_BACKOFF_MS = "EXECUTOR_PUBLISH_FAILURE_BACKOFF_MS";
    public static final String HTTP_PORT = "EXECUTOR_HTTP_PORT";
    public static final String HTTP_ALLOWED_HOSTS = "EXECUTOR_HTTP_ALLOWED_HOSTS";
    /** The port of /health and /metrics when none is set. */
    public static final int DEFAULT_HTTP_PORT = 8081;

    private ExecutorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "executor-logback.xml");
        }
        Environment env = Environment.system();
        Executor executor = fromEnvironment(env).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            executor.close();
            stopped.countDown();
        }, "executor-shutdown"));
        try {
            provisionTopics(env, executor.settings());
            executor.start();
        } catch (RuntimeException e) {
            ExecutorSettings settings = executor.settings();
            throw KafkaAccessFailure.exitIfRefused(e, settings.bootstrapServers(), settings.kafkaProperties());
        }
        stopped.await();
    }

    /** A builder with every setting the environment gives. */
    public static ExecutorBuilder fromEnvironment(Environment env) {
        ExecutorBuilder builder = Executor.builder()
                .bootstrapServers(env.string(Environment.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092"))
                .topics(new Topics(env.string(Environment.TOPIC_PREFIX, Topics.DEFAULT_PREFIX)))
                .groupId(env.string(GROUP_ID, Executor.DEFAULT_GROUP_ID))
                .concurrency(env.integer(CONCURRENCY, Executor.DEFAULT_CONCURRENCY))
                .maxInFlight(env.integer(MAX_IN_FLIGHT, Executor.DEFAULT_MAX_IN_FLIGHT))
                .defaultTimeout(Duration.ofMillis(env.longValue(DEFAULT_TIMEOUT_MS, Executor.DEFAULT_TIMEOUT.toMillis())))
                .publishStarted(env.bool(PUBLISH_STARTED, true))
                .shutdownTimeout(Duration.ofMillis(env.longValue(SHUTDOWN_TIMEOUT_MS,
                        Executor.DEFAULT_SHUTDOWN_TIMEOUT.toMillis())))
                .publishFailureBackoff(Duration.ofMillis(env.longValue(PUBLISH_FAILURE_BACKOFF_MS,
                        Executor.DEFAULT_PUBLISH_FAILURE_BACKOFF.toMillis())))
                .httpPort(env.integer(HTTP_PORT, DEFAULT_HTTP_PORT))
                .httpAllowedHosts(env.list(HTTP_ALLOWED_HOSTS))
                .staticMembership(env.bool(STATIC_MEMBERSHIP, false))
                .kafkaProperties(env.kafkaClientProperties());
        String id = env.string(EXECUTOR_ID, null);
        return id == null ? builder : builder.executorId(id);
    }

    private static void provisionTopics(Environment env, ExecutorSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        TopicProvisioner.provision(config, TopicPlan.fromEnvironment(env, settings.topics()),
                env.bool(Environment.REQUIRE_REPLICATION, false));
    }
}

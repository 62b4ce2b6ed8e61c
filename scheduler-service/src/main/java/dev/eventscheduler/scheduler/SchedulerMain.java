package dev.eventscheduler.scheduler;

import dev.eventscheduler.model.config.Environment;
import dev.eventscheduler.model.config.KafkaAccessFailure;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.TopicProvisioner;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.api.ApiTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Runs one scheduler instance configured from the environment (see the README's configuration
 * table): provisions missing topics, starts, and stops cleanly on SIGTERM or Ctrl-C. With
 * {@code --provision-only} it creates the missing topics and exits.
 */
public final class SchedulerMain {

    public static final String HTTP_PORT = "SCHEDULER_HTTP_PORT";
    public static final String HTTP_HOST = "SCHEDULER_HTTP_HOST";
    public static final String API_TOKEN = "SCHEDULER_API_TOKEN";
    /** Named tokens with roles, {@code name:role:secret} separated by {@code ;} (see {@link ApiTokens#parse}). */
    public static final String API_TOKENS = "SCHEDULER_API_TOKENS";
    /** A file of named tokens with roles, one {@code name:role:secret} a line, so no secret sits in the environment. */
    public static final String API_TOKENS_FILE = "SCHEDULER_API_TOKENS_FILE";
    /** {@code true} serves the API without a token on a non-loopback address; see {@link SchedulerServiceBuilder#allowAnonymous}. */
    public static final String ALLOW_ANONYMOUS = "SCHEDULER_ALLOW_ANONYMOUS";
    /** The hosts notify rules may send webhooks to, comma-separated {@code host} or {@code host:port}; see {@link SchedulerServiceBuilder#webhookAllowedHosts}. */
    public static final String WEBHOOK_ALLOWED_HOSTS = "SCHEDULER_WEBHOOK_ALLOWED_HOSTS";
    public static final String INSTANCE_ID = "SCHEDULER_INSTANCE_ID";
    /** {@code true} joins the group as a static member under the instance id; see {@link SchedulerServiceBuilder#staticMembership}. */
    public static final String STATIC_MEMBERSHIP = "SCHEDULER_STATIC_MEMBERSHIP";
    public static final String GROUP_ID = "SCHEDULER_GROUP_ID";
    public static final String TRACKER_LOOKBACK_MS = "SCHEDULER_TRACKER_LOOKBACK_MS";
    public static final String TRANSACTION_TIMEOUT_MS = "SCHEDULER_TRANSACTION_TIMEOUT_MS";
    public static final String MISFIRE_THRESHOLD_MS = "SCHEDULER_MISFIRE_THRESHOLD_MS";
    /** The API's port when none is set. */
    public static final int DEFAULT_HTTP_PORT = 8080;

    private SchedulerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "scheduler-logback.xml");
        }
        Environment env = Environment.system();
        SchedulerService scheduler = fromEnvironment(env).build();
        if (args.length > 0 && args[0].equals("--provision-only")) {
            // for a one-shot job (docker compose's "topics" service): create what is missing, then exit
            provisionTopics(env, scheduler.settings());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.close();
            stopped.countDown();
        }, "scheduler-shutdown"));
        try {
            provisionTopics(env, scheduler.settings());
            scheduler.start();
        } catch (RuntimeException e) {
            SchedulerSettings settings = scheduler.settings();
            throw KafkaAccessFailure.exitIfRefused(e, settings.bootstrapServers(), settings.kafkaProperties());
        }
        stopped.await();
    }

    /** A builder with every setting the environment gives. */
    public static SchedulerServiceBuilder fromEnvironment(Environment env) {
        SchedulerServiceBuilder builder = SchedulerService.builder()
                .bootstrapServers(env.string(Environment.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092"))
                .topics(new Topics(env.string(Environment.TOPIC_PREFIX, Topics.DEFAULT_PREFIX)))
                .groupId(env.string(GROUP_ID, SchedulerService.DEFAULT_GROUP_ID))
                .httpPort(env.integer(HTTP_PORT, DEFAULT_HTTP_PORT))
                .httpHost(env.string(HTTP_HOST, SchedulerService.DEFAULT_HTTP_HOST))
                .apiToken(env.string(API_TOKEN, null))
                .apiTokens(apiTokens(env))
                .allowAnonymous(env.bool(ALLOW_ANONYMOUS, false))
                .webhookAllowedHosts(env.list(WEBHOOK_ALLOWED_HOSTS))
                .staticMembership(env.bool(STATIC_MEMBERSHIP, false))
                .trackerLookback(Duration.ofMillis(env.longValue(TRACKER_LOOKBACK_MS,
                        SchedulerService.DEFAULT_TRACKER_LOOKBACK.toMillis())))
                .transactionTimeout(Duration.ofMillis(env.longValue(TRANSACTION_TIMEOUT_MS,
                        SchedulerService.DEFAULT_TRANSACTION_TIMEOUT.toMillis())))
                .misfireThreshold(Duration.ofMillis(env.longValue(MISFIRE_THRESHOLD_MS,
                        SchedulerService.DEFAULT_MISFIRE_THRESHOLD.toMillis())))
                .kafkaProperties(env.kafkaClientProperties());
        String id = env.string(INSTANCE_ID, null);
        return id == null ? builder : builder.instanceId(id);
    }

    private static void provisionTopics(Environment env, SchedulerSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        TopicProvisioner.provision(config, TopicPlan.fromEnvironment(env, settings.topics()),
                env.bool(Environment.REQUIRE_REPLICATION, false));
    }

    /**
     * The named tokens of {@value #API_TOKENS} and of the file {@value #API_TOKENS_FILE} names, checked
     * together; none when neither is set.
     *
     * @throws IllegalArgumentException when an entry is not {@code name:role:secret} or the file cannot be read
     */
    public static ApiTokens apiTokens(Environment env) {
        ApiTokens tokens = ApiTokens.parse(env.string(API_TOKENS, ""));
        String file = env.string(API_TOKENS_FILE, null);
        if (file == null) {
            return tokens;
        }
        try {
            return tokens.and(ApiTokens.parse(java.nio.file.Files.readString(java.nio.file.Path.of(file))));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(API_TOKENS_FILE + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

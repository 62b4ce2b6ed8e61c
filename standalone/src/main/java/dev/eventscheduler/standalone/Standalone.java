package dev.eventscheduler.standalone;

import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.localkafka.LocalKafkaBroker;
import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.lifecycle.Resources;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.TopicProvisioner;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.SchedulerService;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one process, for the quick start: a local Kafka broker (data kept under
 * {@code ./data} across restarts, unless an external cluster is given), the topics, one scheduler
 * with the API, and one executor. On a broker where the topics are new it adds a demo schedule.
 * {@link #close()} stops executor, scheduler and broker in that order, within a few seconds.
 */
public final class Standalone implements AutoCloseable {

    /** Where data lives by default, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_EXECUTOR_HTTP_PORT = 8081;
    /** A single node needs fewer partitions than a cluster; still more than one, to show the keying. */
    public static final int PARTITIONS = 6;
    /** The demo schedule's id: every 10 s, the {@code log} handler. */
    public static final String DEMO_SCHEDULE_ID = "demo-every-10s";

    private static final Logger log = LoggerFactory.getLogger(Standalone.class);

    private final Builder settings;
    private LocalKafkaBroker broker;
    private SchedulerService scheduler;
    private Executor executor;
    private String bootstrapServers;
    private final Lifecycle lifecycle = new Lifecycle("standalone");
    private final Resources parts = new Resources("standalone");

    private Standalone(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every part; on failure, stops what started and rethrows. */
    public synchronized Standalone start() {
        lifecycle.starting();
        long started = System.nanoTime();
        try {
            if (settings.bootstrapServers == null) {
                broker = parts.add("Kafka broker", LocalKafkaBroker.builder().port(settings.kafkaPort).controllerPort(settings.kafkaControllerPort)
                        .dataDirectory(settings.dataDirectory.resolve("kafka")).build().start());
                bootstrapServers = broker.bootstrapServers();
            } else {
                bootstrapServers = settings.bootstrapServers;
            }
            Map<String, Object> admin = new HashMap<>(settings.kafkaProperties);
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            Set<String> created = TopicProvisioner.provision(admin,
                    new TopicPlan(settings.topics, PARTITIONS, PARTITIONS, settings.replicationFactor), settings.requireReplication);
            // with its own broker, the data directory's lock makes this the only process with these ids, so
            // static members: a restart after a crash takes the partitions back at once instead of waiting
            // out the dead incarnation's session
            boolean ownBroker = broker != null;
            scheduler = parts.add("scheduler", SchedulerService.builder().bootstrapServers(bootstrapServers).topics(settings.topics)
                    .instanceId("standalone-scheduler").staticMembership(ownBroker).httpPort(settings.httpPort).httpHost(settings.httpHost)
                    .apiToken(settings.apiToken).apiTokens(settings.apiTokens).allowAnonymous(settings.allowAnonymous).webhookAllowedHosts(settings.webhookAllowedHosts)
                    .kafkaProperties(settings.kafkaProperties).build().start());
            executor = parts.add("executor", Executor.builder().bootstrapServers(bootstrapServers).topics(settings.topics)
                    .executorId("standalone-executor").staticMembership(ownBroker).httpPort(settings.executorHttpPort).httpHost(settings.httpHost)
                    .httpAllowedHosts(settings.httpAllowedHosts).kafkaProperties(settings.kafkaProperties).build().start());
            if (settings.demo && created.contains(settings.topics.schedules())) {
                addDemoSchedule();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        lifecycle.running();
        log.info("Event scheduler is up in {} ms: API and dashboard http://127.0.0.1:{}/  Kafka bootstrap {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), scheduler.httpPort(), bootstrapServers);
        return this;
    }

    private void addDemoSchedule() {
        try (SchedulerClient client = SchedulerClient.builder().bootstrapServers(bootstrapServers).topics(settings.topics)
                .build()) {
            client.upsert(ScheduleDefinition.builder(DEMO_SCHEDULE_ID, "log").cron("*/10 * * * * ?")
                    .payload(EventJson.mapper().createObjectNode().put("message", "hello from the demo schedule"))
                    .misfirePolicy(MisfirePolicy.SKIP).label("demo", "true").build());
        }
        log.info("Added the demo schedule '{}' (every 10 s, log handler); start with --no-demo to leave it out",
                DEMO_SCHEDULE_ID);
    }

    /** The Kafka bootstrap address in use (the local broker's, or the given cluster's). */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The API's port. */
    public int httpPort() {
        return scheduler.httpPort();
    }

    public Topics topics() {
        return settings.topics;
    }

    public SchedulerService scheduler() {
        return scheduler;
    }

    public Executor executor() {
        return executor;
    }

    /** Stops the executor (running tasks finish), the scheduler, then the broker. Safe to call twice. */
    @Override
    public synchronized void close() {
        long started = System.nanoTime();
        if (lifecycle.close(parts)) {
            log.info("Event scheduler stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    public Lifecycle.State state() {
        return lifecycle.state();
    }

    /** Settings for a {@link Standalone}; every one has a default. */
    public static final class Builder {
        private Path dataDirectory = DEFAULT_DATA_DIRECTORY;
        private String bootstrapServers;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private int kafkaControllerPort = DEFAULT_KAFKA_CONTROLLER_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private int executorHttpPort = DEFAULT_EXECUTOR_HTTP_PORT;
        private String httpHost = "127.0.0.1";
        private String apiToken;
        private dev.eventscheduler.scheduler.api.ApiTokens apiTokens = dev.eventscheduler.scheduler.api.ApiTokens.NONE;
        private boolean allowAnonymous;
        private Set<String> httpAllowedHosts = Set.of();
        private Set<String> webhookAllowedHosts = Set.of();
        private Topics topics = Topics.defaults();
        private boolean demo = true;
        private Optional<Short> replicationFactor = Optional.empty();
        private boolean requireReplication;
        private final Map<String, Object> kafkaProperties = new HashMap<>();

        private Builder() {
        }

        /** Where the local broker keeps its data (default {@code ./data}); kept across restarts. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** Use this Kafka cluster and start no broker (default: none, start the local broker). */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** The local broker's client and controller ports (defaults 9092, 9093; 0 picks free ones). */
        public Builder kafkaPorts(int port, int controllerPort) {
            this.kafkaPort = port;
            this.kafkaControllerPort = controllerPort;
            return this;
        }

        /** The API's port (default 8080; 0 picks a free one). */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        /** The executor's /health and /metrics port (default 8081; 0 picks a free one, -1 none). */
        public Builder executorHttpPort(int executorHttpPort) {
            this.executorHttpPort = executorHttpPort;
            return this;
        }

        /** The address the API listens on (default 127.0.0.1: a local tool stays local). */
        public Builder httpHost(String httpHost) {
            this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
            return this;
        }

        /** When set, the API asks for this bearer token. */
        public Builder apiToken(String apiToken) {
            this.apiToken = apiToken;
            return this;
        }

        /** Named tokens with roles, beside {@link #apiToken}; see {@code SchedulerServiceBuilder.apiTokens}. */
        public Builder apiTokens(dev.eventscheduler.scheduler.api.ApiTokens apiTokens) {
            this.apiTokens = apiTokens;
            return this;
        }

        /** Serve the API without a token on a non-loopback address; see {@code SchedulerServiceBuilder.allowAnonymous}. */
        public Builder allowAnonymous(boolean allowAnonymous) {
            this.allowAnonymous = allowAnonymous;
            return this;
        }

        /** Hosts the {@code http} handler may call. */
        public Builder httpAllowedHosts(Set<String> httpAllowedHosts) {
            this.httpAllowedHosts = Set.copyOf(httpAllowedHosts);
            return this;
        }

        /** Hosts notify rules may send webhooks to. */
        public Builder webhookAllowedHosts(Set<String> webhookAllowedHosts) {
            this.webhookAllowedHosts = Set.copyOf(webhookAllowedHosts);
            return this;
        }

        public Builder topics(Topics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** Whether to add the demo schedule when the topics are new (default true). */
        public Builder demo(boolean demo) {
            this.demo = demo;
            return this;
        }

        /**
         * Replicas of each topic it creates on an external cluster, 1 to 32767 (default: the
         * broker's {@code default.replication.factor}); 3 or more also sets {@code min.insync.replicas} 2.
         */
        public Builder replicationFactor(int replicationFactor) {
            if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
                throw new IllegalArgumentException("replicationFactor must be 1 to " + Short.MAX_VALUE + ", was " + replicationFactor);
            }
            this.replicationFactor = Optional.of((short) replicationFactor);
            return this;
        }

        /**
         * Refuse to start, rather than warn, on a cluster of three brokers or more whose topics have a
         * single replica or {@code min.insync.replicas} 1 (default false); see {@code TopicProvisioner.requireReplication}.
         */
        public Builder requireReplication(boolean requireReplication) {
            this.requireReplication = requireReplication;
            return this;
        }

        /** Kafka client settings for every client (when using an external cluster). */
        public Builder kafkaProperties(Map<String, ?> properties) {
            kafkaProperties.putAll(properties);
            return this;
        }

        public Standalone build() {
            return new Standalone(this);
        }
    }
}

package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.executor.handlers.HttpHandler;
import dev.eventscheduler.executor.handlers.LogHandler;
import dev.eventscheduler.executor.handlers.NoopHandler;
import dev.eventscheduler.executor.handlers.SleepHandler;
import dev.eventscheduler.executor.internal.ExecutorRuntime;
import dev.eventscheduler.executor.internal.HandlerRegistry;
import dev.eventscheduler.executor.internal.OpsHttpServer;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.KafkaProbe;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.lifecycle.Resources;
import dev.eventscheduler.model.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateless worker: a member of the executors' consumer group that runs each task event's
 * {@link TaskHandler} and publishes its results. Start as many as there are partitions to share the
 * work; each runs up to {@link Builder#concurrency(int)} tasks at once, in offset order per task key.
 *
 * <pre>{@code
 * try (Executor executor = Executor.builder()
 *         .bootstrapServers("127.0.0.1:9092")
 *         .handler(new MyHandler())
 *         .build()
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops fetching, lets running tasks finish within the shutdown timeout,
 * publishes their results, commits and leaves the group.
 */
public final class Executor implements AutoCloseable {

    /** The consumer group executors share by default. */
    public static final String DEFAULT_GROUP_ID = "executors";
    /** Tasks run at once by default, across all partitions. */
    public static final int DEFAULT_CONCURRENCY = 64;
    /** Records read but not finished, by default, before partitions are paused. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;
    /** An attempt's time limit when its event sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** How often finished offsets are committed. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** How long {@link #close()} lets running tasks finish. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** How long a rebalance waits for the running tasks of revoked partitions. */
    public static final Duration DEFAULT_REVOKE_TIMEOUT = Duration.ofSeconds(10);
    /** How long a partition waits, by default, before it is read again after a record's outcome could not be published. */
    public static final Duration DEFAULT_PUBLISH_FAILURE_BACKOFF = Duration.ofSeconds(1);


    private static final Logger log = LoggerFactory.getLogger(Executor.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ExecutorSettings settings;
    private final HandlerRegistry handlers;
    private final PrometheusMeterRegistry registry;
    private final String httpHost;
    private final Lifecycle lifecycle = new Lifecycle("executor");
    private final Resources parts;
    private ExecutorRuntime runtime;
    private KafkaProbe kafka;
    private OpsHttpServer http;

    private Executor(Builder builder) {
        this.settings = builder.settings();
        List<TaskHandler> builtIns = List.of(new NoopHandler(), new LogHandler(), new SleepHandler(),
                new HttpHandler(settings.httpAllowedHosts()));
        this.handlers = HandlerRegistry.of(builtIns, builder.handlers);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.httpHost = builder.httpHost;
        this.parts = new Resources("executor " + settings.executorId());
        parts.add("metrics registry", registry::close);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Joins the group and starts running tasks. A start that fails part-way closes what it opened and rethrows. */
    public synchronized Executor start() {
        lifecycle.starting();
        log.info("Starting executor: {} handlers={}", settings.describe(), handlers.types());
        try {
            runtime = parts.add("runtime", new ExecutorRuntime(settings, handlers, registry));
            runtime.start();
            Map<String, Object> probeConfig = new HashMap<>(settings.kafkaProperties());
            probeConfig.put("bootstrap.servers", settings.bootstrapServers());
            kafka = parts.add("Kafka probe", new KafkaProbe(probeConfig));
            if (settings.httpPort() >= 0) {
                http = parts.add("ops HTTP server", new OpsHttpServer(httpHost, settings.httpPort(), this::health, registry));
                log.info("Executor {} serves /health and /metrics on {}:{}", settings.executorId(), httpHost, http.port());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        lifecycle.running();
        return this;
    }

    public ExecutorSettings settings() {
        return settings;
    }

    /** The port of {@code /health} and {@code /metrics}, or -1 when they are off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Tasks dispatched and not yet finished. */
    public int inFlight() {
        return runtime == null ? 0 : runtime.inFlight();
    }

    /** Partitions this instance owns now, of the tasks and retry topics. */
    public int assignedPartitions() {
        return runtime == null ? 0 : runtime.assignedPartitions();
    }

    /**
     * What {@code GET /health} and {@code /health/ready} answer: {@code UP} when ready for work, that
     * is while the consumer loop runs, Kafka answers and the group has assigned this member its
     * partitions (maybe none, when there are more members than partitions). {@code live} is what
     * {@code /health/live} answers: the consumer loop runs, whatever Kafka does.
     */
    public ObjectNode health() {
        boolean running = runtime != null && runtime.isRunning();
        boolean reachable = kafka != null && kafka.reachable();
        boolean joined = runtime != null && runtime.joinedGroup();
        ObjectNode body = EventJson.mapper().createObjectNode()
                .put("status", running && reachable && joined ? "UP" : "DOWN")
                .put("state", lifecycle.state().name())
                .put("live", running)
                .put("executorId", settings.executorId())
                .put("kafkaReachable", reachable)
                .put("joinedGroup", joined);
        if (runtime != null) {
            body.put("assignedPartitions", runtime.assignedPartitions())
                    .put("inFlight", runtime.inFlight())
                    .put("queued", runtime.queued())
                    .put("pausedPartitions", runtime.pausedPartitions());
        }
        return body;
    }

    /** Stops as described on the class; safe to call twice, and after a failed start. */
    @Override
    public synchronized void close() {
        if (lifecycle.drain()) {
            try {
                parts.close();
            } finally {
                lifecycle.closed();
            }
        }
    }

    /** Where this executor is in its life: {@code NEW}, {@code STARTING}, {@code RUNNING}, {@code DRAINING} or {@code CLOSED}. */
    public Lifecycle.State state() {
        return lifecycle.state();
    }

    /** Settings for an {@link Executor}; only {@link #bootstrapServers} is required. */
    public static final class Builder {
        private String bootstrapServers;
        private String groupId = DEFAULT_GROUP_ID;
        private Topics topics = Topics.defaults();
        private String executorId;
        private boolean staticMembership;
        private int concurrency = DEFAULT_CONCURRENCY;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration defaultTimeout = DEFAULT_TIMEOUT;
        private RetryPolicy defaultRetry = RetryPolicy.DEFAULT;
        private boolean publishStarted = true;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration revokeTimeout = DEFAULT_REVOKE_TIMEOUT;
        private Duration publishFailureBackoff = DEFAULT_PUBLISH_FAILURE_BACKOFF;
        private int httpPort = -1;
        private String httpHost = "0.0.0.0";
        private Set<String> httpAllowedHosts = Set.of();
        private final Map<String, Object> kafkaProperties = new HashMap<>();
        private final List<TaskHandler> handlers = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The Kafka cluster, e.g. {@code 127.0.0.1:9092}. Required. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** The consumer group all instances of one executor fleet share (default {@value #DEFAULT_GROUP_ID}). */
        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /** The topics' names (default {@link Topics#defaults()}, prefix {@code scheduler.}). */
        public Builder topics(Topics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** This instance's name in results and logs (default {@code executor-<host>-<pid>-<n>}). */
        public Builder executorId(String executorId) {
            this.executorId = Objects.requireNonNull(executorId, "executorId");
            return this;
        }

        /**
         * Join the group as a static member under the executor id (Kafka's {@code group.instance.id}),
         * default off. A restarted executor then takes its partitions back at once instead of waiting
         * out its dead incarnation's session; the price is that a stopped executor's partitions wait
         * for the session too, and that two live executors with one id fence each other. Only for an
         * executor id that one process at a time can hold.
         */
        public Builder staticMembership(boolean staticMembership) {
            this.staticMembership = staticMembership;
            return this;
        }

        /** Tasks run at once, across all partitions; may exceed the partition count (default {@value #DEFAULT_CONCURRENCY}). */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * Records read and not yet finished before the executor pauses its partitions: the bound on
         * its memory, whatever the backlog (default {@value #DEFAULT_MAX_IN_FLIGHT}).
         */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** An attempt's time limit when its event sets no {@code timeoutMs} (default 5 minutes). */
        public Builder defaultTimeout(Duration defaultTimeout) {
            this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
            return this;
        }

        /** Retries when the event sets no {@code retry} (default {@link RetryPolicy#DEFAULT}: 3 attempts). */
        public Builder defaultRetry(RetryPolicy defaultRetry) {
            this.defaultRetry = Objects.requireNonNull(defaultRetry, "defaultRetry");
            return this;
        }

        /** Whether a {@code STARTED} result is published when an attempt begins (default true). */
        public Builder publishStarted(boolean publishStarted) {
            this.publishStarted = publishStarted;
            return this;
        }

        /** How often finished offsets are committed (default 1 s). */
        public Builder commitInterval(Duration commitInterval) {
            this.commitInterval = Objects.requireNonNull(commitInterval, "commitInterval");
            return this;
        }

        /** How long {@link #close()} lets running tasks finish (default 30 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /** How long a rebalance waits for the running tasks of revoked partitions (default 10 s). */
        public Builder revokeTimeout(Duration revokeTimeout) {
            this.revokeTimeout = Objects.requireNonNull(revokeTimeout, "revokeTimeout");
            return this;
        }

        /**
         * How long a partition waits before it is read again from a record whose outcome (result,
         * retry or dead letter) the broker refused or did not acknowledge within the producer's
         * {@code delivery.timeout.ms}; the records from there run again. It doubles while the same
         * record keeps failing, up to a minute (default 1 s).
         */
        public Builder publishFailureBackoff(Duration publishFailureBackoff) {
            this.publishFailureBackoff = Objects.requireNonNull(publishFailureBackoff, "publishFailureBackoff");
            return this;
        }

        /** Serve {@code /health} and {@code /metrics} on this port; 0 picks a free one, -1 (the default) serves none. */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        /** The address {@code /health} and {@code /metrics} listen on (default {@code 0.0.0.0}). */
        public Builder httpHost(String httpHost) {
            this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
            return this;
        }

        /** Hosts ({@code host} or {@code host:port}) the built-in {@code http} handler may call (default none). */
        public Builder httpAllowedHosts(Set<String> httpAllowedHosts) {
            this.httpAllowedHosts = Set.copyOf(httpAllowedHosts);
            return this;
        }

        /** Any Kafka client setting (SASL, TLS, timeouts), applied to the consumer and the producer. */
        public Builder kafkaProperty(String name, Object value) {
            kafkaProperties.put(name, value);
            return this;
        }

        /** Several Kafka client settings at once, see {@link #kafkaProperty}. */
        public Builder kafkaProperties(Map<String, ?> properties) {
            kafkaProperties.putAll(properties);
            return this;
        }

        /** Adds a handler; it replaces a built-in or service-loaded one of the same task type. */
        public Builder handler(TaskHandler handler) {
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** The clock for timestamps and retry back-off (default UTC system clock); tests set their own. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Executor build() {
            if (bootstrapServers == null) {
                throw new IllegalStateException("bootstrapServers is required");
            }
            return new Executor(this);
        }

        private ExecutorSettings settings() {
            String id = executorId != null ? executorId : defaultExecutorId();
            return new ExecutorSettings(bootstrapServers, groupId, topics, id, staticMembership, concurrency, maxInFlight, defaultTimeout,
                    defaultRetry, publishStarted, commitInterval, shutdownTimeout, revokeTimeout, publishFailureBackoff,
                    httpPort, httpAllowedHosts, Map.copyOf(kafkaProperties), clock);
        }

        private static String defaultExecutorId() {
            String host = System.getenv().getOrDefault("HOSTNAME", "local");
            return "executor-" + host + "-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        }
    }
}

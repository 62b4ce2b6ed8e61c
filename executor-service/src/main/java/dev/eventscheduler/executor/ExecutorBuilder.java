package dev.eventscheduler.executor;

import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settings for an {@link Executor}, from {@link Executor#builder()}; only {@link #bootstrapServers}
 * is required, every other setting has a default named on its setter.
 */
public final class ExecutorBuilder {
    private String bootstrapServers;
    private String groupId = Executor.DEFAULT_GROUP_ID;
    private Topics topics = Topics.defaults();
    private String executorId;
    private boolean staticMembership;
    private int concurrency = Executor.DEFAULT_CONCURRENCY;
    private int maxInFlight = Executor.DEFAULT_MAX_IN_FLIGHT;
    private Duration defaultTimeout = Executor.DEFAULT_TIMEOUT;
    private RetryPolicy defaultRetry = RetryPolicy.DEFAULT;
    private boolean publishStarted = true;
    private Duration commitInterval = Executor.DEFAULT_COMMIT_INTERVAL;
    private Duration shutdownTimeout = Executor.DEFAULT_SHUTDOWN_TIMEOUT;
    private Duration revokeTimeout = Executor.DEFAULT_REVOKE_TIMEOUT;
    private Duration publishFailureBackoff = Executor.DEFAULT_PUBLISH_FAILURE_BACKOFF;
    private int httpPort = -1;
    String httpHost = "0.0.0.0";
    private Set<String> httpAllowedHosts = Set.of();
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    final List<TaskHandler> handlers = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    ExecutorBuilder() {
    }

    /** The Kafka cluster, e.g. {@code 127.0.0.1:9092}. Required. */
    public ExecutorBuilder bootstrapServers(String bootstrapServers) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        return this;
    }

    /** The consumer group all instances of one executor fleet share (default {@value Executor#DEFAULT_GROUP_ID}). */
    public ExecutorBuilder groupId(String groupId) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        return this;
    }

    /** The topics' names (default {@link Topics#defaults()}, prefix {@code scheduler.}). */
    public ExecutorBuilder topics(Topics topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
        return this;
    }

    /** This instance's name in results and logs (default {@code executor-<host>-<pid>-<n>}). */
    public ExecutorBuilder executorId(String executorId) {
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
    public ExecutorBuilder staticMembership(boolean staticMembership) {
        this.staticMembership = staticMembership;
        return this;
    }

    /** Tasks run at once, across all partitions; may exceed the partition count (default {@value Executor#DEFAULT_CONCURRENCY}). */
    public ExecutorBuilder concurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        return this;
    }

    /**
     * Records read and not yet finished before the executor pauses its partitions: the bound on
     * its memory, whatever the backlog (default {@value Executor#DEFAULT_MAX_IN_FLIGHT}).
     */
    public ExecutorBuilder maxInFlight(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        return this;
    }

    /** An attempt's time limit when its event sets no {@code timeoutMs} (default 5 minutes). */
    public ExecutorBuilder defaultTimeout(Duration defaultTimeout) {
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        return this;
    }

    /** Retries when the event sets no {@code retry} (default {@link RetryPolicy#DEFAULT}: 3 attempts). */
    public ExecutorBuilder defaultRetry(RetryPolicy defaultRetry) {
        this.defaultRetry = Objects.requireNonNull(defaultRetry, "defaultRetry");
        return this;
    }

    /** Whether a {@code STARTED} result is published when an attempt begins (default true). */
    public ExecutorBuilder publishStarted(boolean publishStarted) {
        this.publishStarted = publishStarted;
        return this;
    }

    /** How often finished offsets are committed (default 1 s). */
    public ExecutorBuilder commitInterval(Duration commitInterval) {
        this.commitInterval = Objects.requireNonNull(commitInterval, "commitInterval");
        return this;
    }

    /** How long {@link #close()} lets running tasks finish (default 30 s). */
    public ExecutorBuilder shutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        return this;
    }

    /** How long a rebalance waits for the running tasks of revoked partitions (default 10 s). */
    public ExecutorBuilder revokeTimeout(Duration revokeTimeout) {
        this.revokeTimeout = Objects.requireNonNull(revokeTimeout, "revokeTimeout");
        return this;
    }

    /**
     * How long a partition waits before it is read again from a record whose outcome (result,
     * retry or dead letter) the broker refused or did not acknowledge within the producer's
     * {@code delivery.timeout.ms}; the records from there run again. It doubles while the same
     * record keeps failing, up to a minute (default 1 s).
     */
    public ExecutorBuilder publishFailureBackoff(Duration publishFailureBackoff) {
        this.publishFailureBackoff = Objects.requireNonNull(publishFailureBackoff, "publishFailureBackoff");
        return this;
    }

    /** Serve {@code /health} and {@code /metrics} on this port; 0 picks a free one, -1 (the default) serves none. */
    public ExecutorBuilder httpPort(int httpPort) {
        this.httpPort = httpPort;
        return this;
    }

    /** The address {@code /health} and {@code /metrics} listen on (default {@code 0.0.0.0}). */
    public ExecutorBuilder httpHost(String httpHost) {
        this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
        return this;
    }

    /** Hosts ({@code host} or {@code host:port}) the built-in {@code http} handler may call (default none). */
    public ExecutorBuilder httpAllowedHosts(Set<String> httpAllowedHosts) {
        this.httpAllowedHosts = Set.copyOf(httpAllowedHosts);
        return this;
    }

    /** Any Kafka client setting (SASL, TLS, timeouts), applied to the consumer and the producer. */
    public ExecutorBuilder kafkaProperty(String name, Object value) {
        kafkaProperties.put(name, value);
        return this;
    }

    /** Several Kafka client settings at once, see {@link #kafkaProperty}. */
    public ExecutorBuilder kafkaProperties(Map<String, ?> properties) {
        kafkaProperties.putAll(properties);
        return this;
    }

    /** Adds a handler; it replaces a built-in or service-loaded one of the same task type. */
    public ExecutorBuilder handler(TaskHandler handler) {
        handlers.add(Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** The clock for timestamps and retry back-off (default UTC system clock); tests set their own. */
    public ExecutorBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public Executor build() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("bootstrapServers is required");
        }
        return new Executor(this);
    }

    ExecutorSettings settings() {
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

package dev.eventscheduler.scheduler;

import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.api.ApiServer;
import dev.eventscheduler.scheduler.api.ApiTokens;
import dev.eventscheduler.scheduler.tracker.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.Producer;

/**
 * Settings for a {@link SchedulerService}, from {@link SchedulerService#builder()}; only
 * {@link #bootstrapServers} is required, every other setting has a default named on its setter.
 */
public final class SchedulerServiceBuilder {
    private String bootstrapServers;
    private Topics topics = Topics.defaults();
    private String instanceId;
    private String groupId = SchedulerService.DEFAULT_GROUP_ID;
    private boolean staticMembership;
    private Duration firingInterval = SchedulerService.DEFAULT_FIRING_INTERVAL;
    private Duration timingHorizon = SchedulerService.DEFAULT_TIMING_HORIZON;
    private Duration transactionTimeout = SchedulerService.DEFAULT_TRANSACTION_TIMEOUT;
    private Duration misfireThreshold = SchedulerService.DEFAULT_MISFIRE_THRESHOLD;
    private Duration trackerLookback = SchedulerService.DEFAULT_TRACKER_LOOKBACK;
    int maxTrackedRuns = RunStore.DEFAULT_MAX_RUNS;
    private int httpPort = -1;
    private String httpHost = SchedulerService.DEFAULT_HTTP_HOST;
    private boolean allowAnonymous;
    private String apiToken;
    private ApiTokens apiTokens = ApiTokens.NONE;
    private Set<String> webhookAllowedHosts = Set.of();
    private Duration webhookRetryBackoff = SchedulerService.DEFAULT_WEBHOOK_RETRY_BACKOFF;
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    UnaryOperator<Producer<String, byte[]>> producerWrapper = UnaryOperator.identity();
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    SchedulerServiceBuilder() {
    }

    /** The Kafka cluster, e.g. {@code 127.0.0.1:9092}. Required. */
    public SchedulerServiceBuilder bootstrapServers(String bootstrapServers) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        return this;
    }

    /** The topics' names (default {@link Topics#defaults()}, prefix {@code scheduler.}). */
    public SchedulerServiceBuilder topics(Topics topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
        return this;
    }

    /**
     * This instance's name, also its transactional id: a restarted instance with the same name fences
     * its previous incarnation (default {@code scheduler-<host>-<pid>-<n>}).
     */
    public SchedulerServiceBuilder instanceId(String instanceId) {
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        return this;
    }

    /**
     * Join the group as a static member under the instance id (Kafka's {@code group.instance.id}),
     * default off. A restarted instance then takes its partitions back at once instead of waiting
     * out its dead incarnation's session; the price is that a stopped instance's partitions wait
     * for the session too, and that two live instances with one id fence each other. Only for an
     * instance id that one process at a time can hold.
     */
    public SchedulerServiceBuilder staticMembership(boolean staticMembership) {
        this.staticMembership = staticMembership;
        return this;
    }

    /** The consumer group scheduler instances share (default {@value SchedulerService#DEFAULT_GROUP_ID}). */
    public SchedulerServiceBuilder groupId(String groupId) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        return this;
    }

    /** How often due fires are written, each batch in one transaction (default 5 ms). */
    public SchedulerServiceBuilder firingInterval(Duration firingInterval) {
        this.firingInterval = Objects.requireNonNull(firingInterval, "firingInterval");
        return this;
    }

    /**
     * How far ahead of a schedule's time Quartz gets its trigger (default 10 s). Times further out
     * wait in a compact index, so memory grows with the fires due within the horizon, not with the
     * number of schedules. Keep it well above the longest pause the firing loop may take.
     */
    public SchedulerServiceBuilder timingHorizon(Duration timingHorizon) {
        if (timingHorizon.isNegative() || timingHorizon.isZero()) {
            throw new IllegalArgumentException("timingHorizon must be positive, was " + timingHorizon);
        }
        this.timingHorizon = timingHorizon;
        return this;
    }

    /** The producer's transaction time-out (default 10 s); keep it short, see the constant. */
    public SchedulerServiceBuilder transactionTimeout(Duration transactionTimeout) {
        this.transactionTimeout = Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        return this;
    }

    /**
     * How late a schedule's times may be when it is loaded (a restart, a take-over, a transaction
     * aborted) and still fire (default 60 s, as Quartz's {@code misfireThreshold}). When the oldest
     * time it has not fired is more recent than this, every such time is late and fires, in order,
     * whatever the misfire policy; when it is older, they were missed, and the misfire policy
     * decides them all. Times while a schedule was paused are always missed. Zero puts every time
     * not fired while the schedule was not loaded to the policy.
     */
    public SchedulerServiceBuilder misfireThreshold(Duration misfireThreshold) {
        if (Objects.requireNonNull(misfireThreshold, "misfireThreshold").isNegative()) {
            throw new IllegalArgumentException("misfireThreshold must not be negative, was " + misfireThreshold);
        }
        this.misfireThreshold = misfireThreshold;
        return this;
    }

    /** How far back the tracker reads runs at start (default 1 hour). */
    public SchedulerServiceBuilder trackerLookback(Duration trackerLookback) {
        this.trackerLookback = Objects.requireNonNull(trackerLookback, "trackerLookback");
        return this;
    }

    /** The most runs the tracker keeps in memory (default {@value RunStore#DEFAULT_MAX_RUNS}). */
    public SchedulerServiceBuilder maxTrackedRuns(int maxTrackedRuns) {
        this.maxTrackedRuns = maxTrackedRuns;
        return this;
    }

    /** Serve the API on this port; 0 picks a free one, -1 (the default) serves none. */
    public SchedulerServiceBuilder httpPort(int httpPort) {
        this.httpPort = httpPort;
        return this;
    }

    /**
     * The address the API listens on (default {@value SchedulerService#DEFAULT_HTTP_HOST}, this machine only). On
     * any other address the service refuses to start without an {@link #apiToken} unless
     * {@link #allowAnonymous} says so.
     */
    public SchedulerServiceBuilder httpHost(String httpHost) {
        this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
        return this;
    }

    /**
     * When set, every {@code /api/*} request needs {@code Authorization: Bearer <token>} (default: none):
     * one {@link ApiTokens.Role#ADMIN} token named {@value ApiTokens#DEFAULT_NAME}, beside any {@link #apiTokens}.
     */
    public SchedulerServiceBuilder apiToken(String apiToken) {
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        return this;
    }

    /**
     * Named tokens, each with a role ({@code READ}, {@code OPERATE}, {@code ADMIN}), beside any
     * {@link #apiToken} (default: none). A request whose token's role does not allow it gets 403.
     */
    public SchedulerServiceBuilder apiTokens(ApiTokens apiTokens) {
        this.apiTokens = Objects.requireNonNull(apiTokens, "apiTokens");
        return this;
    }

    /** Every token the API takes: {@link #apiToken} and {@link #apiTokens}, checked together. */
    private ApiTokens effectiveTokens() {
        return (apiToken == null ? ApiTokens.NONE : ApiTokens.single(apiToken)).and(apiTokens);
    }

    /**
     * Serve the API without a token on an address other machines reach (default false: such a
     * service refuses to start, as anyone who reaches it could change every schedule).
     */
    public SchedulerServiceBuilder allowAnonymous(boolean allowAnonymous) {
        this.allowAnonymous = allowAnonymous;
        return this;
    }

    /**
     * The hosts notify rules may send webhooks to: {@code host} or {@code host:port} entries, compared
     * without case (default: none, so no webhook is sent). A rule naming another host is refused by
     * the API; one written to the topic directly is dead-lettered when it fires, never sent.
     */
    public SchedulerServiceBuilder webhookAllowedHosts(Set<String> webhookAllowedHosts) {
        this.webhookAllowedHosts = Set.copyOf(webhookAllowedHosts);
        return this;
    }

    /**
     * How long a webhook that did not answer 2xx waits before its second try (default
     * {@link SchedulerService#DEFAULT_WEBHOOK_RETRY_BACKOFF}); each later wait is twice the one before.
     */
    public SchedulerServiceBuilder webhookRetryBackoff(Duration webhookRetryBackoff) {
        if (webhookRetryBackoff.isNegative() || webhookRetryBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("webhookRetryBackoff must be 0 to 1 minute, was " + webhookRetryBackoff);
        }
        this.webhookRetryBackoff = webhookRetryBackoff;
        return this;
    }

    /** Any Kafka client setting (SASL, TLS, timeouts), applied to every client. */
    public SchedulerServiceBuilder kafkaProperty(String name, Object value) {
        kafkaProperties.put(name, value);
        return this;
    }

    /** Several Kafka client settings at once, see {@link #kafkaProperty}. */
    public SchedulerServiceBuilder kafkaProperties(Map<String, ?> properties) {
        kafkaProperties.putAll(properties);
        return this;
    }

    /** The clock for fire timestamps, misfire planning and the API (default UTC system clock). */
    public SchedulerServiceBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Wraps each transactional producer the firing loop writes through, once its transactions are
     * initialised (default: none). For instrumentation, and for tests that inject faults (a
     * pause inside a transaction, a refused commit) without hooks in the firing loop. The
     * wrapper must pass every call on: the loop's exactly-once guarantee rests on them.
     */
    public SchedulerServiceBuilder producerWrapper(UnaryOperator<Producer<String, byte[]>> producerWrapper) {
        this.producerWrapper = Objects.requireNonNull(producerWrapper, "producerWrapper");
        return this;
    }

    public SchedulerService build() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("bootstrapServers is required");
        }
        if (httpPort >= 0 && effectiveTokens().isEmpty() && !allowAnonymous && !ApiServer.isLoopback(httpHost)) {
            throw new IllegalStateException("refusing to serve the API on " + httpHost + " without a token: anyone "
                    + "who reaches it could change every schedule. Set SCHEDULER_API_TOKEN or SCHEDULER_API_TOKENS, bind 127.0.0.1 "
                    + "(SCHEDULER_HTTP_HOST), or set SCHEDULER_ALLOW_ANONYMOUS=true to serve it openly");
        }
        return new SchedulerService(this);
    }

    SchedulerSettings settings() {
        String id = instanceId != null ? instanceId : "scheduler-" + System.getenv().getOrDefault("HOSTNAME", "local")
                + "-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        return new SchedulerSettings(bootstrapServers, topics, id, groupId, staticMembership, firingInterval, timingHorizon, transactionTimeout,
                misfireThreshold, trackerLookback, httpPort, httpHost, effectiveTokens(), webhookAllowedHosts, webhookRetryBackoff,
                Map.copyOf(kafkaProperties), clock);
    }
}

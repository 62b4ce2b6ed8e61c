package dev.eventscheduler.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.KafkaProbe;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.lifecycle.Resources;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.api.ApiServer;
import dev.eventscheduler.scheduler.internal.FiringLoop;
import dev.eventscheduler.scheduler.internal.ScheduleRestorer;
import dev.eventscheduler.scheduler.internal.SchedulerMetrics;
import dev.eventscheduler.scheduler.internal.TriggerEngine;
import dev.eventscheduler.scheduler.tracker.RunStore;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduler instance: it fires the schedules of the {@code scheduler.schedules} partitions Kafka
 * assigns it (Quartz times them, {@link FiringLoop} writes them exactly once), tracks every run, and
 * serves the REST API. Start several for fail-over and to share the firing work; Kafka's consumer
 * group decides who fires what.
 *
 * <pre>{@code
 * try (SchedulerService scheduler = SchedulerService.builder()
 *         .bootstrapServers("127.0.0.1:9092").httpPort(8080).build().start()) { ... }
 * }</pre>
 *
 * <p>{@link #close()} stops the API, lets the firing loop finish its transaction, leaves the group
 * (so another instance takes the partitions at once) and closes every part, within a few seconds.
 */
public final class SchedulerService implements AutoCloseable {

    /** The consumer group scheduler instances share. */
    public static final String DEFAULT_GROUP_ID = "scheduler";
    /** The address the API listens on unless told otherwise: this machine only. */
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    /** How often the firing loop writes what came due. */
    public static final Duration DEFAULT_FIRING_INTERVAL = Duration.ofMillis(5);
    /** How far ahead Quartz is given the times due; later ones wait in the compact next-fire index. */
    public static final Duration DEFAULT_TIMING_HORIZON = Duration.ofSeconds(10);
    /** The transaction time-out: how long a dead owner can hold back its successor's read_committed restore. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How late a schedule's oldest unfired time may be at its load (after a restart, a take-over or an
     * aborted transaction) and still be late rather than missed: Quartz's own default.
     */
    public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(60);
    /** How far back the status tracker reads runs at start. */
    public static final Duration DEFAULT_TRACKER_LOOKBACK = Duration.ofHours(1);
    /** How long an API write waits for Kafka's acknowledgement before answering 503. */
    public static final Duration API_ACK_TIMEOUT = Duration.ofSeconds(15);
    /**
     * How long the scheduler group waits for a silent instance before moving its partitions, under
     * Kafka's classic group protocol. Under {@code group.protocol=consumer} the broker's
     * {@code group.consumer.session.timeout.ms} (45 s by default) decides it instead.
     */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #close()} waits for the firing loop to finish its transaction and leave the group. */
    static final Duration LOOP_STOP_TIMEOUT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(SchedulerService.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SchedulerSettings settings;
    private final SchedulerClients clients;
    private final int maxTrackedRuns;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SchedulerMetrics metrics = new SchedulerMetrics(registry);
    private final Lifecycle lifecycle = new Lifecycle("scheduler");
    private final Resources parts;
    private StatusTracker tracker;
    private TriggerEngine engine;
    private FiringLoop loop;
    private Thread loopThread;
    private KafkaProbe kafka;
    private ApiServer api;

    private SchedulerService(Builder builder) {
        this.settings = builder.settings();
        this.clients = new SchedulerClients(settings, builder.producerWrapper);
        this.maxTrackedRuns = builder.maxTrackedRuns;
        this.parts = new Resources("scheduler " + settings.instanceId());
        parts.add("metrics registry", registry::close);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts tracking, joins the scheduler group, and serves the API when a port is set. A start
     * that fails part-way closes what it opened and rethrows.
     */
    public synchronized SchedulerService start() {
        lifecycle.starting();
        log.info("Starting scheduler: {}", settings.describe());
        try {
            open();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        lifecycle.running();
        return this;
    }

    private void open() {
        kafka = parts.add("Kafka probe", new KafkaProbe(clients.clientConfig(Map.of())));
        tracker = parts.add("status tracker", new StatusTracker(settings.topics(), clients.clientConfig(Map.of()),
                settings.trackerLookback(), settings.clock(), new RunStore(maxTrackedRuns)));
        tracker.start();
        LinkedBlockingQueue<String> dueTimings = new LinkedBlockingQueue<>();
        engine = parts.add("Quartz", new TriggerEngine(settings.instanceId(), dueTimings));
        KafkaConsumer<String, byte[]> scheduleConsumer = clients.scheduleConsumer();
        // closed after the loop: its refresh thread holds the consumer, and through it every schedule
        KafkaClientMetrics consumerMetrics = parts.add("consumer metrics", new KafkaClientMetrics(scheduleConsumer));
        consumerMetrics.bindTo(registry);
        ScheduleRestorer restorer = new ScheduleRestorer(settings.topics(), clients.clientConfig(Map.of()), Duration.ofMinutes(2));
        loop = new FiringLoop(settings, scheduleConsumer, clients::transactionalProducer, engine, dueTimings, restorer,
                tracker::hasEnded, metrics);
        loopThread = new Thread(loop, "scheduler-loop");
        parts.add("firing loop", this::stopFiring);
        loopThread.start();
        SchedulerClient.Builder client = SchedulerClient.builder().bootstrapServers(settings.bootstrapServers())
                .topics(settings.topics()).ackTimeout(API_ACK_TIMEOUT).clock(settings.clock());
        settings.kafkaProperties().forEach(client::kafkaProperty);
        SchedulerClient publisher = parts.add("API's Kafka client", client.build());
        registry.gauge("scheduler.tracker.lag", tracker, StatusTracker::lag);
        // the instants Quartz times: those with a fire due within the timing horizon, not every schedule
        registry.gauge("scheduler.timing.quartz.triggers", engine, TriggerEngine::size);
        if (settings.httpPort() >= 0) {
            api = parts.add("API", new ApiServer(settings.httpHost(), settings.httpPort(), settings.apiToken(), tracker,
                    publisher, this::health, registry, settings.clock()));
            log.info("Scheduler {} serves the API on {}:{}", settings.instanceId(), settings.httpHost(), api.port());
        }
    }

    /** Lets the firing loop finish its transaction and leave the group, within a bound. */
    private void stopFiring() throws InterruptedException {
        loop.stop();
        loopThread.join(LOOP_STOP_TIMEOUT.toMillis());
        if (loopThread.isAlive()) {
            log.warn("Scheduler {}: the firing loop did not stop within {} s; closing the rest anyway",
                    settings.instanceId(), LOOP_STOP_TIMEOUT.toSeconds());
        }
    }

    public SchedulerSettings settings() {
        return settings;
    }

    /** The API's port (the chosen one when 0 was asked for), or -1 when it is off. */
    public int httpPort() {
        return api == null ? -1 : api.port();
    }

    public StatusTracker tracker() {
        return tracker;
    }

    public SchedulerMetrics metrics() {
        return metrics;
    }

    /**
     * What {@code GET /health} and {@code /health/ready} answer: {@code UP} when ready, that is while
     * firing, tracking and reaching Kafka, once the group has assigned this instance its partitions
     * (maybe none) and their schedules are loaded, and the tracker has caught up. {@code live} is
     * what {@code /health/live} answers: the firing loop and the tracker run, whatever Kafka does.
     */
    public ObjectNode health() {
        boolean firing = loop != null && loop.isRunning() && loopThread.isAlive();
        boolean tracking = tracker != null && tracker.isRunning();
        boolean kafka = kafkaReachable();
        boolean joined = loop != null && loop.joined();
        boolean caughtUp = tracker != null && tracker.caughtUp();
        return EventJson.mapper().createObjectNode()
                .put("status", firing && tracking && kafka && joined && caughtUp ? "UP" : "DOWN")
                .put("state", lifecycle.state().name())
                .put("live", firing && tracking)
                .put("joinedGroup", joined)
                .put("instanceId", settings.instanceId())
                .put("kafkaReachable", kafka)
                .put("firing", firing)
                .put("assignedPartitions", metrics.assignedPartitions())
                .put("schedulesLoaded", metrics.schedulesLoaded())
                .put("trackerCaughtUp", tracker != null && tracker.caughtUp())
                .put("trackerLag", tracker == null ? -1 : tracker.lag());
    }

    private boolean kafkaReachable() {
        return kafka != null && kafka.reachable();
    }

    /** Stops as described on the class; safe to call twice, and after a failed start. */
    @Override
    public synchronized void close() {
        if (!lifecycle.drain()) {
            return;
        }
        long started = System.nanoTime();
        try {
            parts.close();
        } finally {
            lifecycle.closed();
            log.info("Scheduler {} stopped in {} ms", settings.instanceId(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /** Where this instance is in its life: {@code NEW}, {@code STARTING}, {@code RUNNING}, {@code DRAINING} or {@code CLOSED}. */
    public Lifecycle.State state() {
        return lifecycle.state();
    }

    /** Settings for a {@link SchedulerService}; only {@link #bootstrapServers} is required. */
    public static final class Builder {
        private String bootstrapServers;
        private Topics topics = Topics.defaults();
        private String instanceId;
        private String groupId = DEFAULT_GROUP_ID;
        private boolean staticMembership;
        private Duration firingInterval = DEFAULT_FIRING_INTERVAL;
        private Duration timingHorizon = DEFAULT_TIMING_HORIZON;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private Duration misfireThreshold = DEFAULT_MISFIRE_THRESHOLD;
        private Duration trackerLookback = DEFAULT_TRACKER_LOOKBACK;
        private int maxTrackedRuns = RunStore.DEFAULT_MAX_RUNS;
        private int httpPort = -1;
        private String httpHost = DEFAULT_HTTP_HOST;
        private boolean allowAnonymous;
        private String apiToken;
        private final Map<String, Object> kafkaProperties = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private UnaryOperator<Producer<String, byte[]>> producerWrapper = UnaryOperator.identity();

        private Builder() {
        }

        /** The Kafka cluster, e.g. {@code 127.0.0.1:9092}. Required. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** The topics' names (default {@link Topics#defaults()}, prefix {@code scheduler.}). */
        public Builder topics(Topics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /**
         * This instance's name, also its transactional id: a restarted instance with the same name fences
         * its previous incarnation (default {@code scheduler-<host>-<pid>-<n>}).
         */
        public Builder instanceId(String instanceId) {
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
        public Builder staticMembership(boolean staticMembership) {
            this.staticMembership = staticMembership;
            return this;
        }

        /** The consumer group scheduler instances share (default {@value #DEFAULT_GROUP_ID}). */
        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /** How often due fires are written, each batch in one transaction (default 5 ms). */
        public Builder firingInterval(Duration firingInterval) {
            this.firingInterval = Objects.requireNonNull(firingInterval, "firingInterval");
            return this;
        }

        /**
         * How far ahead of a schedule's time Quartz gets its trigger (default 10 s). Times further out
         * wait in a compact index, so memory grows with the fires due within the horizon, not with the
         * number of schedules. Keep it well above the longest pause the firing loop may take.
         */
        public Builder timingHorizon(Duration timingHorizon) {
            if (timingHorizon.isNegative() || timingHorizon.isZero()) {
                throw new IllegalArgumentException("timingHorizon must be positive, was " + timingHorizon);
            }
            this.timingHorizon = timingHorizon;
            return this;
        }

        /** The producer's transaction time-out (default 10 s); keep it short, see the constant. */
        public Builder transactionTimeout(Duration transactionTimeout) {
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
        public Builder misfireThreshold(Duration misfireThreshold) {
            if (Objects.requireNonNull(misfireThreshold, "misfireThreshold").isNegative()) {
                throw new IllegalArgumentException("misfireThreshold must not be negative, was " + misfireThreshold);
            }
            this.misfireThreshold = misfireThreshold;
            return this;
        }

        /** How far back the tracker reads runs at start (default 1 hour). */
        public Builder trackerLookback(Duration trackerLookback) {
            this.trackerLookback = Objects.requireNonNull(trackerLookback, "trackerLookback");
            return this;
        }

        /** The most runs the tracker keeps in memory (default {@value RunStore#DEFAULT_MAX_RUNS}). */
        public Builder maxTrackedRuns(int maxTrackedRuns) {
            this.maxTrackedRuns = maxTrackedRuns;
            return this;
        }

        /** Serve the API on this port; 0 picks a free one, -1 (the default) serves none. */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        /**
         * The address the API listens on (default {@value #DEFAULT_HTTP_HOST}, this machine only). On
         * any other address the service refuses to start without an {@link #apiToken} unless
         * {@link #allowAnonymous} says so.
         */
        public Builder httpHost(String httpHost) {
            this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
            return this;
        }

        /** When set, every {@code /api/*} request needs {@code Authorization: Bearer <token>} (default: none). */
        public Builder apiToken(String apiToken) {
            this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
            return this;
        }

        /**
         * Serve the API without a token on an address other machines reach (default false: such a
         * service refuses to start, as anyone who reaches it could change every schedule).
         */
        public Builder allowAnonymous(boolean allowAnonymous) {
            this.allowAnonymous = allowAnonymous;
            return this;
        }

        /** Any Kafka client setting (SASL, TLS, timeouts), applied to every client. */
        public Builder kafkaProperty(String name, Object value) {
            kafkaProperties.put(name, value);
            return this;
        }

        /** Several Kafka client settings at once, see {@link #kafkaProperty}. */
        public Builder kafkaProperties(Map<String, ?> properties) {
            kafkaProperties.putAll(properties);
            return this;
        }

        /** The clock for fire timestamps, misfire planning and the API (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Wraps each transactional producer the firing loop writes through, once its transactions are
         * initialised (default: none). For instrumentation, and for tests that inject faults (a
         * pause inside a transaction, a refused commit) without hooks in the firing loop. The
         * wrapper must pass every call on: the loop's exactly-once guarantee rests on them.
         */
        public Builder producerWrapper(UnaryOperator<Producer<String, byte[]>> producerWrapper) {
            this.producerWrapper = Objects.requireNonNull(producerWrapper, "producerWrapper");
            return this;
        }

        public SchedulerService build() {
            if (bootstrapServers == null) {
                throw new IllegalStateException("bootstrapServers is required");
            }
            if (httpPort >= 0 && apiToken == null && !allowAnonymous && !ApiServer.isLoopback(httpHost)) {
                throw new IllegalStateException("refusing to serve the API on " + httpHost + " without a token: anyone "
                        + "who reaches it could change every schedule. Set SCHEDULER_API_TOKEN, bind 127.0.0.1 "
                        + "(SCHEDULER_HTTP_HOST), or set SCHEDULER_ALLOW_ANONYMOUS=true to serve it openly");
            }
            return new SchedulerService(this);
        }

        private SchedulerSettings settings() {
            String id = instanceId != null ? instanceId : "scheduler-" + System.getenv().getOrDefault("HOSTNAME", "local")
                    + "-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
            return new SchedulerSettings(bootstrapServers, topics, id, groupId, staticMembership, firingInterval, timingHorizon, transactionTimeout,
                    misfireThreshold, trackerLookback, httpPort, httpHost, apiToken, Map.copyOf(kafkaProperties), clock);
        }
    }
}

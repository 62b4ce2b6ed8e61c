package dev.eventscheduler.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.KafkaProbe;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.lifecycle.LoopThread;
import dev.eventscheduler.model.lifecycle.Resources;
import dev.eventscheduler.scheduler.api.ApiServer;
import dev.eventscheduler.scheduler.internal.Firing;
import dev.eventscheduler.scheduler.internal.SchedulerMetrics;
import dev.eventscheduler.scheduler.notify.Notifier;
import dev.eventscheduler.scheduler.notify.WebhookHosts;
import dev.eventscheduler.scheduler.tracker.RunStore;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduler instance: it fires the schedules of the {@code scheduler.schedules} partitions Kafka
 * assigns it (Quartz times them, its firing loop writes them exactly once), tracks every run, and
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
    /** How long a webhook that did not answer 2xx waits before its second try; each later wait doubles. */
    public static final Duration DEFAULT_WEBHOOK_RETRY_BACKOFF = Duration.ofSeconds(1);
    /** How long closing waits for the notifier: its poll's notifications, every try of each, fit in it. */
    static final Duration NOTIFIER_STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long an API write waits for Kafka's acknowledgement before answering 503. */
    public static final Duration API_ACK_TIMEOUT = Duration.ofSeconds(15);
    /**
     * How long the scheduler group waits for a silent instance before moving its partitions, under
     * Kafka's classic group protocol. Under {@code group.protocol=consumer} the broker's
     * {@code group.consumer.session.timeout.ms} (45 s by default) decides it instead.
     */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(SchedulerService.class);

    private final SchedulerSettings settings;
    private final SchedulerClients clients;
    private final int maxTrackedRuns;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SchedulerMetrics metrics = new SchedulerMetrics(registry);
    private final Lifecycle lifecycle = new Lifecycle("scheduler");
    private final Resources parts;
    private StatusTracker tracker;
    private Firing firing;
    private KafkaProbe kafka;
    private ApiServer api;

    SchedulerService(SchedulerServiceBuilder builder) {
        this.settings = builder.settings();
        this.clients = new SchedulerClients(settings, builder.producerWrapper);
        this.maxTrackedRuns = builder.maxTrackedRuns;
        // heap, threads and open files, as Prometheus' JVM exporters name them: flat over a soak, or a leak;
        // jvm_gc_live_data_size_bytes (the old generation after a full collection) is the heap that survives
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.parts = new Resources("scheduler " + settings.instanceId());
        parts.add("metrics registry", registry::close);
        parts.add("GC metrics", new JvmGcMetrics()).bindTo(registry);
    }

    public static SchedulerServiceBuilder builder() {
        return new SchedulerServiceBuilder();
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
        firing = parts.add("firing", new Firing(settings, clients.scheduleConsumer(), clients::transactionalProducer,
                clients.clientConfig(Map.of()), metrics, registry));
        firing.start();
        SchedulerClient.Builder client = SchedulerClient.builder().bootstrapServers(settings.bootstrapServers())
                .topics(settings.topics()).ackTimeout(API_ACK_TIMEOUT).clock(settings.clock());
        settings.kafkaProperties().forEach(client::kafkaProperty);
        SchedulerClient publisher = parts.add("API's Kafka client", client.build());
        registry.gauge("scheduler.tracker.lag", tracker, StatusTracker::lag);
        WebhookHosts webhookHosts = new WebhookHosts(settings.webhookAllowedHosts());
        startNotifier(publisher, webhookHosts);
        if (settings.httpPort() >= 0) {
            api = parts.add("API", new ApiServer(settings.httpHost(), settings.httpPort(), settings.apiTokens(), tracker,
                    publisher, webhookHosts, this::health, registry, settings.clock()));
            log.info("Scheduler {} serves the API on {}:{}", settings.instanceId(), settings.httpHost(), api.port());
        }
    }

    /** The notifier ({@link Notifier}), with the producer of its dead letters, closed before the API's client it pauses through. */
    private void startNotifier(SchedulerClient publisher, WebhookHosts webhookHosts) {
        KafkaProducer<String, byte[]> deadLetters = new KafkaProducer<>(clients.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(), new ByteArraySerializer());
        parts.add("notification dead-letter producer", () -> deadLetters.close(Duration.ofSeconds(5)));
        Notifier notifier = Notifier.create(clients.clientConfig(Map.of()), settings.groupId() + Notifier.GROUP_SUFFIX,
                settings.topics(), tracker, publisher, webhookHosts, settings.webhookRetryBackoff(), deadLetters, settings.clock());
        parts.add("notifier", new LoopThread("scheduler-notifier", notifier, notifier::stop, NOTIFIER_STOP_TIMEOUT)).start();
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
        boolean firing = this.firing != null && this.firing.isRunning();
        boolean tracking = tracker != null && tracker.isRunning();
        boolean kafka = kafkaReachable();
        boolean joined = this.firing != null && this.firing.joined();
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
        long started = System.nanoTime();
        if (lifecycle.close(parts)) {
            log.info("Scheduler {} stopped in {} ms", settings.instanceId(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /** Where this instance is in its life: {@code NEW}, {@code STARTING}, {@code RUNNING}, {@code DRAINING} or {@code CLOSED}. */
    public Lifecycle.State state() {
        return lifecycle.state();
    }
}

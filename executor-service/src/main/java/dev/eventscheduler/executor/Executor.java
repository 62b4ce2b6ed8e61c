package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.executor.handlers.HttpHandler;
import dev.eventscheduler.executor.handlers.LogHandler;
import dev.eventscheduler.executor.handlers.NoopHandler;
import dev.eventscheduler.executor.handlers.SleepHandler;
import dev.eventscheduler.executor.internal.ExecutorRuntime;
import dev.eventscheduler.executor.internal.HandlerRegistry;
import dev.eventscheduler.executor.internal.OpsHttpServer;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.KafkaProbe;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.lifecycle.Resources;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private final ExecutorSettings settings;
    private final HandlerRegistry handlers;
    private final PrometheusMeterRegistry registry;
    private final String httpHost;
    private final Lifecycle lifecycle = new Lifecycle("executor");
    private final Resources parts;
    /** Set once started; read by the ops server's threads, which start before it. */
    private volatile ExecutorRuntime runtime;
    private KafkaProbe kafka;
    private OpsHttpServer http;

    Executor(ExecutorBuilder builder) {
        this.settings = builder.settings();
        List<TaskHandler> builtIns = List.of(new NoopHandler(), new LogHandler(), new SleepHandler(),
                new HttpHandler(settings.httpAllowedHosts()));
        this.handlers = HandlerRegistry.of(builtIns, builder.handlers);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // heap, threads and open files, as Prometheus' JVM exporters name them: flat over a soak, or a leak;
        // jvm_gc_live_data_size_bytes (the old generation after a full collection) is the heap that survives
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.httpHost = builder.httpHost;
        this.parts = new Resources("executor " + settings.executorId());
        parts.add("metrics registry", registry::close);
        parts.add("GC metrics", new JvmGcMetrics()).bindTo(registry);
    }

    public static ExecutorBuilder builder() {
        return new ExecutorBuilder();
    }

    /** Joins the group and starts running tasks. A start that fails part-way closes what it opened and rethrows. */
    public synchronized Executor start() {
        lifecycle.starting();
        log.info("Starting executor: {} handlers={}", settings.describe(), handlers.types());
        try {
            Map<String, Object> probeConfig = new HashMap<>(settings.kafkaProperties());
            probeConfig.put("bootstrap.servers", settings.bootstrapServers());
            kafka = parts.add("Kafka probe", new KafkaProbe(probeConfig));
            // opened before the runtime, so closed after it: /health/live answers while running tasks drain
            if (settings.httpPort() >= 0) {
                http = parts.add("ops HTTP server", new OpsHttpServer(httpHost, settings.httpPort(), this::health, registry));
                log.info("Executor {} serves /health and /metrics on {}:{}", settings.executorId(), httpHost, http.port());
            }
            runtime = parts.add("runtime", new ExecutorRuntime(settings, handlers, registry));
            runtime.start();
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
        lifecycle.close(parts);
    }

    /** Where this executor is in its life: {@code NEW}, {@code STARTING}, {@code RUNNING}, {@code DRAINING} or {@code CLOSED}. */
    public Lifecycle.State state() {
        return lifecycle.state();
    }
}

package dev.eventscheduler.executor.internal;

import dev.eventscheduler.model.TaskStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's own meters, named {@code executor.*}; Kafka's client metrics are bound beside them.
 * Task types label them only when a handler here has that type; every other type counts as
 * {@value #UNKNOWN_TYPE}, so no producer can add series without end.
 */
final class ExecutorMetrics {

    /** The {@code type} label of every task whose type has no handler here: any producer can write any type. */
    static final String UNKNOWN_TYPE = "unknown";

    private final MeterRegistry registry;
    /** The task types with a handler: the only label values besides {@link #UNKNOWN_TYPE}, so the series are bounded. */
    private final Set<String> knownTypes;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger pausedPartitions = new AtomicInteger();
    /** Records read and waiting to start: beyond the in-flight limit, behind their key, or a retry not yet due. */
    final AtomicInteger queued = new AtomicInteger();
    final AtomicInteger assignedPartitions = new AtomicInteger();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter publishFailures;
    private final Counter unreadable;
    private final Counter controlRead;
    private final Counter controlRefused;
    private final Counter runLogsUnpublished;

    ExecutorMetrics(MeterRegistry registry, Set<String> knownTypes) {
        this.registry = registry;
        this.knownTypes = Set.copyOf(knownTypes);
        registry.gauge("executor.in.flight", inFlight);
        registry.gauge("executor.partitions.paused", pausedPartitions);
        registry.gauge("executor.queued", queued);
        registry.gauge("executor.partitions.assigned", assignedPartitions);
        publishFailures = Counter.builder("executor.publish.failures")
                .description("results, retries or dead letters the broker did not take").register(registry);
        unreadable = Counter.builder("executor.records.unreadable")
                .description("records sent to the dead-letter topic because no one can read them").register(registry);
        controlRead = Counter.builder("executor.control.requests")
                .description("requests to stop a run read from the control topic").register(registry);
        controlRefused = Counter.builder("executor.control.refused")
                .description("records of the control topic ignored: unreadable or invalid").register(registry);
        runLogsUnpublished = Counter.builder("executor.run.logs.unpublished")
                .description("pieces of attempts' logs the broker did not take (the runs are not affected)").register(registry);
    }

    /** Counts an attempt that began ({@code STARTED}) or ended with {@code status}, by task type. */
    void counted(String taskType, TaskStatus status) {
        String type = label(taskType);
        // built once per type and status: registering on every task contends on the registry's lock
        counters.computeIfAbsent(type + '\u0000' + status.name(), key ->
                Counter.builder("executor.tasks").tag("type", type).tag("status", status.name())
                        .register(registry)).increment();
    }

    void handlerRan(String taskType, Duration duration) {
        timers.computeIfAbsent(label(taskType), type -> Timer.builder("executor.handler.duration")
                .tag("type", type).publishPercentileHistogram().register(registry)).record(duration);
    }

    private String label(String taskType) {
        return taskType != null && knownTypes.contains(taskType) ? taskType : UNKNOWN_TYPE;
    }

    void publishFailed() {
        publishFailures.increment();
    }

    void unreadable() {
        unreadable.increment();
    }

    void controlRead() {
        controlRead.increment();
    }

    void controlRefused() {
        controlRefused.increment();
    }

    void runLogUnpublished() {
        runLogsUnpublished.increment();
    }
}

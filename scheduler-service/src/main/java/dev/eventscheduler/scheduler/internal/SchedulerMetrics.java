package dev.eventscheduler.scheduler.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The scheduler's own meters, named {@code scheduler.*}. */
public final class SchedulerMetrics {

    final AtomicInteger schedulesLoaded = new AtomicInteger();
    final AtomicInteger assignedPartitions = new AtomicInteger();
    private final Counter fires;
    private final Counter skips;
    private final Counter givenUp;
    private final Counter stopped;
    private final Timer fireLag;
    private final Counter committed;
    private final Counter aborted;

    public SchedulerMetrics(MeterRegistry registry) {
        registry.gauge("scheduler.schedules.loaded", schedulesLoaded);
        registry.gauge("scheduler.partitions.assigned", assignedPartitions);
        fires = Counter.builder("scheduler.fires").description("scheduled times fired").register(registry);
        skips = Counter.builder("scheduler.skips").description("scheduled times skipped, with a SKIPPED result").register(registry);
        givenUp = Counter.builder("scheduler.runs.given.up")
                .description("scheduled runs recorded TIMED_OUT (NO_RESULT): no final result by their deadline").register(registry);
        stopped = Counter.builder("scheduler.runs.stopped")
                .description("running runs asked to stop by their overlap policy (CANCEL_OTHER, TERMINATE_OTHER)").register(registry);
        fireLag = Timer.builder("scheduler.fire.lag").description("commit time of a fire minus its scheduled time")
                .publishPercentileHistogram().register(registry);
        committed = Counter.builder("scheduler.transactions").tag("outcome", "committed").register(registry);
        aborted = Counter.builder("scheduler.transactions").tag("outcome", "aborted").register(registry);
    }

    void fired(Duration lag) {
        fires.increment();
        fireLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** A buffered time fired: a fire, but its wait was its overlap policy's, not fire lag. */
    void firedFromBuffer(int count) {
        fires.increment(count);
    }

    void skipped() {
        skips.increment();
    }

    void givenUp(int runs) {
        givenUp.increment(runs);
    }

    void stopped(int runs) {
        stopped.increment(runs);
    }

    void committed() {
        committed.increment();
    }

    void aborted() {
        aborted.increment();
    }

    /** Transactions committed since start. */
    public long transactionsCommitted() {
        return (long) committed.count();
    }

    /** Transactions aborted since start, the coordinator's time-outs among them. */
    public long transactionsAborted() {
        return (long) aborted.count();
    }

    public int schedulesLoaded() {
        return schedulesLoaded.get();
    }

    public int assignedPartitions() {
        return assignedPartitions.get();
    }
}

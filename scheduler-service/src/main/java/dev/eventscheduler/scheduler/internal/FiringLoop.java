package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.scheduler.SchedulerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where fires happen. One thread ({@code scheduler-loop}) owns the consumer of the schedules topic
 * (group {@code scheduler}) and, through the {@link TransactionalWriter}, a transactional producer.
 * Each turn it polls schedule changes and the {@link RunEnds}, takes the times Quartz found due
 * and the {@link PendingWork}, decides each time ({@link FireDecision}) and writes it
 * ({@link DecisionWriter}), in one transaction (several when it is far behind): a task event for
 * each fire, or a {@code SKIPPED} or {@code BUFFERED} result for each time not fired, together with the
 * schedules' new trigger states and the consumer's positions with the group's metadata, so an
 * instance that lost its partitions is fenced and cannot commit. A failed transaction is aborted and
 * its schedules are planned again from their committed state (one refused by a rebalance goes again
 * in the next transaction), so every scheduled time is visible to {@code read_committed} readers
 * exactly once, or accounted for as skipped. A commit the broker has not answered is waited for,
 * never aborted, as only its answer says whether it happened; and a broker that does not answer for
 * minutes delays the fires, but does not end the loop.
 */
final class FiringLoop implements Runnable, ConsumerRebalanceListener {

    /**
     * A transaction open longer than the transaction timeout divided by this writes no more fires:
     * it commits what it has, and the rest waits in order for the next. Without it, a loop far
     * behind builds one transaction of every fire due, which can outlive the timeout and be
     * aborted by the coordinator (see docs/scheduler-firing.md).
     */
    static final int OPEN_SHARE_OF_TIMEOUT = 4;
    /** How long the loop waits, before it joins its group, to read the calendars topic to its end. */
    static final Duration CALENDARS_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(FiringLoop.class);

    private final SchedulerSettings settings;
    private final Consumer<String, byte[]> consumer;
    private final TransactionalWriter writer;
    private final NextFireIndex index;
    /** The names of the timings Quartz found due; the index knows which schedules each stands for. */
    private final BlockingQueue<String> dueTimings;
    private final RunEnds runEnds;
    private final SchedulerMetrics metrics;
    private final DecisionWriter decisions;
    private final PendingWork pending = new PendingWork();
    private final OwnedSchedules schedules;
    private final CalendarFollower calendars;
    /**
     * Set on assignment: commit the restored positions in a transaction of their own at once. The
     * first transaction after an assignment costs hundreds of milliseconds on the broker, and is
     * better paid before the first fire than by it.
     */
    private boolean commitPositions;
    private final Lifecycle lifecycle = new Lifecycle("firing loop");
    /** Set once the group first assigned this instance its partitions (maybe none) and their schedules were restored. */
    private volatile boolean joined;

    FiringLoop(SchedulerSettings settings, Consumer<String, byte[]> consumer, Supplier<Producer<String, byte[]>> producers,
               TriggerEngine engine, BlockingQueue<String> dueTimings, ScheduleRestorer restorer, RunEnds runEnds,
               CalendarFollower calendars, SchedulerMetrics metrics) {
        this.settings = settings;
        this.consumer = consumer;
        this.writer = new TransactionalWriter(producers, consumer, metrics, this::isRunning, this::stop);
        this.index = new NextFireIndex(engine, settings.timingHorizon());
        this.dueTimings = dueTimings;
        this.runEnds = runEnds;
        this.metrics = metrics;
        this.schedules = new OwnedSchedules(settings, index, pending, restorer, runEnds, metrics);
        this.calendars = calendars;
        this.decisions = new DecisionWriter(new FireRecords(settings.topics(), settings.instanceId()), schedules, pending, runEnds,
                calendars);
    }

    @Override
    public void run() {
        try {
            if (lifecycle.running()) {
                writer.start();
                // before joining: no time a calendar excludes may fire for want of the calendar
                calendars.readToEnd(CALENDARS_TIMEOUT);
                consumer.subscribe(List.of(settings.topics().schedules()), this);
                while (lifecycle.isRunning()) {
                    step();
                }
            }
        } catch (WakeupException e) {
            if (lifecycle.isRunning()) {
                throw e;
            }
        } catch (RuntimeException e) {
            lifecycle.drain();
            log.error("Firing loop failed; this instance stops firing", e);
            throw e;
        } finally {
            // the owner thread closes its consumer: leaving the group revokes, and so unschedules, everything
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } finally {
                try {
                    runEnds.close();
                    calendars.close();
                } finally {
                    writer.close();
                    lifecycle.closed();
                }
            }
        }
    }

    /** Asks the loop to finish its transaction, leave the group and end; the caller joins its thread. */
    void stop() {
        lifecycle.drain();
        consumer.wakeup();
    }

    boolean isRunning() {
        return lifecycle.isRunning();
    }

    /** Whether the group has assigned this instance its partitions at least once, and their schedules are loaded. */
    boolean joined() {
        return joined;
    }

    /** One turn: poll schedule changes, time what came within the horizon, write what is due. */
    private void step() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(settings.firingInterval())) {
            schedules.apply(record);
        }
        runEnds.poll();
        calendars.poll();
        metrics.assignedPartitions.set(consumer.assignment().size());
        Instant now = settings.clock().instant();
        schedules.planFiresAfterRunEnds(runEnds, now);
        index.advance(now);
        // before the commit: a schedule loaded due now is timed at once, not a transaction later
        index.submit();
        List<String> timings = new ArrayList<>();
        dueTimings.drainTo(timings);
        List<Fire> due = index.due(timings);
        if (!due.isEmpty() || !pending.isEmpty() || schedules.hasBackfills() || commitPositions) {
            commit(due);
            // the next times of the schedules just fired
            index.submit();
        }
    }

    /** Writes due fires, pending catch-ups and skips and their trigger states in one transaction. */
    private void commit(List<Fire> due) {
        List<Planned> work = new ArrayList<>();
        Set<String> taken = pending.take(work);
        for (Fire fire : due) {
            Planned item = Planned.fire(fire.scheduleId(), fire.scheduledAt());
            if (pending.hasPlanned(fire.scheduleId()) && !taken.contains(fire.scheduleId())) {
                // behind catch-ups of its schedule that wait for a later transaction: stay in order
                pending.plan(item);
            } else {
                work.add(item);
            }
        }
        // last: the due fires and catch-ups go first, and a backfill takes a bounded share
        schedules.takeBackfills(work);
        TransactionalWriter.Transaction transaction = writer.transaction();
        WrittenTransaction written;
        try {
            written = decisions.write(work, transaction, settings.clock().instant(),
                    settings.transactionTimeout().dividedBy(OPEN_SHARE_OF_TIMEOUT));
            if (transaction.records() == 0 && !commitPositions) {
                pending.settle(taken, List.of());
                schedules.scheduleNextTimes(due);
                return;
            }
            transaction.commit();
        } catch (KafkaException e) {
            failed(e, transaction, taken, work, due);
            return;
        } catch (RuntimeException e) {
            if (transaction.begun()) {
                writer.abortOrRecreate();
            }
            throw e;
        }
        committed(written, transaction, taken, due);
    }

    /** After a failed transaction: abort it, and put its work back or plan its schedules again. */
    private void failed(KafkaException e, TransactionalWriter.Transaction transaction, Set<String> taken,
                        List<Planned> work, List<Fire> due) {
        metrics.aborted();
        writer.abortOrRecreate();
        if (e instanceof CommitFailedException) {
            // a rebalance moved the group on. The schedules this instance keeps were never unloaded, so
            // their times are late, not missed, and are not put to the misfire policy; those it gives
            // up are dropped at revocation, and their new owner plans them from the committed state
            log.info("Transaction of {} records refused by a rebalance ({}); its work goes in the next transaction",
                    transaction.records(), e.getMessage());
            pending.settle(taken, work);
            schedules.scheduleNextTimes(due);
            return;
        }
        pending.settle(taken, List.of());
        log.warn("Transaction of {} records aborted ({}); its fires are planned again from the committed state",
                transaction.records(), e.toString());
        // the fires are dropped; plan again from what is committed the schedules it touched, and those
        // whose due fire waited behind pending work it did not take: their timing was used up, and
        // only scheduleNextTimes or a load times a schedule's next time
        Set<String> touched = new LinkedHashSet<>();
        work.forEach(item -> touched.add(item.scheduleId()));
        due.forEach(fire -> touched.add(fire.scheduleId()));
        schedules.planAgain(touched);
    }

    /** After a commit: the trigger states are committed, the deferred work goes next, the fires are counted. */
    private void committed(WrittenTransaction written, TransactionalWriter.Transaction transaction, Set<String> taken, List<Fire> due) {
        commitPositions = false;
        schedules.committed(written.states);
        pending.settle(taken, written.deferred);
        pending.deletionsWritten();
        schedules.scheduleNextTimes(due);
        Instant committedAt = settings.clock().instant();
        written.firedTimes.forEach(time -> metrics.fired(Duration.between(time, committedAt)));
        for (int i = 0; i < written.skipped; i++) {
            metrics.skipped();
        }
        metrics.firedFromBuffer(written.firedFromBuffer);
        metrics.givenUp(written.givenUp);
        metrics.stopped(written.stopped);
        log.debug("Committed {} fires and {} skips in {} ms", written.firedTimes.size() + written.firedFromBuffer, written.skipped,
                transaction.openMillis());
        if (!written.deferred.isEmpty()) {
            log.info("Fell behind: committed {} records after {} ms, {} fires and skips left for the next transactions",
                    transaction.records(), transaction.openMillis(), written.deferred.size());
        }
    }

    /** Loads the schedules of newly assigned partitions from their definitions and committed trigger state. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            schedules.restore(partitions).forEach(consumer::seek);
            commitPositions = true;
        }
        joined = true;
    }

    /** Called inside poll, so no transaction is open: stop timing the revoked partitions' schedules. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        schedules.forget(partitions);
        if (!partitions.isEmpty()) {
            log.info("Revoked {}", partitions);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        schedules.forget(partitions);
        log.warn("Lost {}; their schedules fire on their new owner", partitions);
    }
}

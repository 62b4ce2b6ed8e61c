package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.ConcurrencyPolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.model.kafka.ScheduleDefinitionDeserializer;
import dev.eventscheduler.scheduler.SchedulerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where fires happen. One thread ({@code scheduler-loop}) owns the consumer of the schedules topic
 * (group {@code scheduler}) and a transactional producer. Every few milliseconds it takes the times
 * Quartz found due and writes, in one transaction (several when it is far behind), a task event for
 * each (or a {@code SKIPPED} result) together with the schedule's new trigger state, with the
 * consumer's group metadata, so an instance that lost its partitions is fenced and cannot commit. A
 * failed transaction is aborted and its schedules are planned again from their committed state (one
 * refused by a rebalance goes again in the next transaction), so every scheduled time is visible to
 * {@code read_committed} readers exactly once, or accounted for as skipped. A commit the broker has
 * not answered is waited for, never aborted, as only its answer says whether it happened; and a
 * broker that does not answer for minutes delays the fires, but does not end the loop.
 */
public final class FiringLoop implements Runnable, ConsumerRebalanceListener {

    /** About the most catch-ups and skips planned at load that one transaction writes, besides the fires due. */
    public static final int MAX_PLANNED_PER_TRANSACTION = 2_000;
    /** Records a transaction builds before it hands them to the producer; see {@link Transaction}. */
    static final int RECORDS_PER_SEND = 1_000;
    /**
     * A transaction open longer than the transaction timeout divided by this writes no more fires:
     * it commits what it has, and the rest waits in order for the next. Without it, a loop far
     * behind builds one transaction of every fire due, which can outlive the timeout and be
     * aborted by the coordinator (see docs/scheduler-firing.md).
     */
    static final int OPEN_SHARE_OF_TIMEOUT = 4;
    /** The pause between attempts to start a transactional producer while the broker does not answer. */
    static final Duration PRODUCER_RETRY_BACKOFF = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(FiringLoop.class);

    private final SchedulerSettings settings;
    private final Consumer<String, byte[]> consumer;
    private final Supplier<Producer<String, byte[]>> producers;
    private final NextFireIndex index;
    /** The names of the timings Quartz found due; the index knows which schedules each stands for. */
    private final BlockingQueue<String> dueTimings;
    private final ScheduleRestorer restorer;
    private final RunView runs;
    private final SchedulerMetrics metrics;
    private final ScheduleDefinitionDeserializer definitions = new ScheduleDefinitionDeserializer();
    private final FireRecords records;

    private final Map<String, Owned> owned = new HashMap<>();
    /** Catch-up fires and skips planned at load, by schedule, in order; written with the next transaction. */
    private final Map<String, List<Planned>> planned = new LinkedHashMap<>();
    /** Trigger states of deleted schedules to remove, by id, with their partition. */
    private final Map<String, Integer> tombstones = new LinkedHashMap<>();
    private Producer<String, byte[]> producer;
    /**
     * Set on assignment: commit the restored positions in a transaction of their own at once. The
     * first transaction after an assignment costs hundreds of milliseconds on the broker, and is
     * better paid before the first fire than by it.
     */
    private boolean commitPositions;
    private volatile boolean running = true;
    /** Set once the group first assigned this instance its partitions (maybe none) and their schedules were restored. */
    private volatile boolean joined;
    /** A test hook: the pauses the next transactions take, one each, as if paused by a long GC. */
    private final Queue<Duration> stalls = new ConcurrentLinkedQueue<>();

    public FiringLoop(SchedulerSettings settings, Consumer<String, byte[]> consumer, Supplier<Producer<String, byte[]>> producers,
               TriggerEngine engine, BlockingQueue<String> dueTimings, ScheduleRestorer restorer, RunView runs,
               SchedulerMetrics metrics) {
        this.settings = settings;
        this.consumer = consumer;
        this.producers = producers;
        this.index = new NextFireIndex(engine, settings.timingHorizon());
        this.dueTimings = dueTimings;
        this.restorer = restorer;
        this.runs = runs;
        this.metrics = metrics;
        this.records = new FireRecords(settings.topics(), settings.instanceId());
    }

    @Override
    public void run() {
        try {
            startProducer();
            consumer.subscribe(List.of(settings.topics().schedules()), this);
            while (running) {
                step();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            running = false;
            log.error("Firing loop failed; this instance stops firing", e);
            throw e;
        } finally {
            // the owner thread closes its consumer: leaving the group revokes, and so unschedules, everything
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } finally {
                if (producer != null) {
                    producer.close(Duration.ofSeconds(5));
                }
            }
        }
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    public boolean isRunning() {
        return running;
    }

    /** Whether the group has assigned this instance its partitions at least once, and their schedules are loaded. */
    public boolean joined() {
        return joined;
    }

    /**
     * Fault injection: each of the next transactions in turn pauses for the next of {@code pauses}
     * once its records are sent, before its offsets and its commit, as in a long GC pause inside an
     * open transaction. A pause past the transaction timeout has the coordinator abort it.
     */
    public void stallNextTransactions(Duration... pauses) {
        stalls.addAll(List.of(pauses));
    }

    private void step() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(settings.firingInterval())) {
            try {
                apply(record);
            } catch (RuntimeException e) {
                // validation refuses what is known to break the arithmetic; this guards against what is not
                log.error("Schedule record key={} at {}-{}@{} could not be loaded; every other schedule fires on",
                        record.key(), record.topic(), record.partition(), record.offset(), e);
                hold(owned.get(record.key()));
            }
        }
        metrics.assignedPartitions.set(consumer.assignment().size());
        index.advance(settings.clock().instant());
        // before the commit: a schedule loaded due now is timed at once, not a transaction later
        index.submit();
        List<String> timings = new ArrayList<>();
        dueTimings.drainTo(timings);
        List<Fire> due = index.due(timings);
        if (!due.isEmpty() || !planned.isEmpty() || !tombstones.isEmpty() || commitPositions) {
            commit(due);
            // the next times of the schedules just fired
            index.submit();
        }
    }

    /** A change on the schedules topic: an upsert, a pause or resume, or a tombstone. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        String id = record.key();
        if (id == null) {
            log.warn("Schedule record without a key at {}-{}@{} ignored", record.topic(), record.partition(), record.offset());
            return;
        }
        Owned current = owned.get(id);
        if (record.value() == null) {
            if (current != null) {
                index.untime(current);
                owned.remove(id);
                planned.remove(id);
                log.info("schedule={} deleted", id);
            }
            tombstones.put(id, record.partition());
            metrics.schedulesLoaded.set(owned.size());
            return;
        }
        ScheduleDefinition definition = ScheduleRestorer.decode(record, definitions);
        if (definition == null) {
            // the latest record decides: a refused one holds the schedule as a pause does, keeping its
            // trigger state, until a valid definition is written (the API lists it with its problems)
            hold(current);
            return;
        }
        Instant writtenAt = Instant.ofEpochMilli(record.timestamp());
        if (current == null) {
            current = new Owned(definition, record.partition(), writtenAt, TriggerState.initial(id));
            owned.put(id, current);
            tombstones.remove(id);
        } else {
            // pausing or resuming keeps the definition's age, so a resume catches up on the paused times
            boolean onlyPauseChanged = current.definition.withPaused(definition.paused()).equals(definition);
            current.definedAt = onlyPauseChanged ? current.definedAt : writtenAt;
            if (current.definition.paused() && !definition.paused()) {
                current.resumedAt = writtenAt;
            }
            current.definition = definition;
        }
        log.info("schedule={} {}", id, definition.paused() ? "paused" : "loaded");
        load(current);
        metrics.schedulesLoaded.set(owned.size());
    }

    /** Plans a schedule's missed times from its committed state and times the rest through the next-fire index. */
    private void load(Owned schedule) {
        String id = schedule.definition.id();
        planned.remove(id);
        if (schedule.definition.paused()) {
            index.untime(schedule);
            return;
        }
        Instant now = settings.clock().instant();
        Instant lateAfter = now.minus(settings.misfireThreshold());
        if (schedule.resumedAt != null && schedule.resumedAt.isAfter(lateAfter)) {
            lateAfter = schedule.resumedAt;
        }
        MisfirePlanner.Plan plan = MisfirePlanner.plan(schedule.definition, schedule.committed.lastScheduledAt(),
                schedule.definedAt, now, lateAfter);
        if (plan.unreportedSkips() > 0 || plan.moreThanScanned()) {
            plan(Planned.summary(id, plan.firstSkipped(), plan.unreportedSkips(), plan.moreThanScanned()));
        }
        String reason = switch (schedule.definition.misfirePolicy()) {
            case SKIP -> SkipReason.MISFIRE_SKIP;
            case FIRE_ONCE -> SkipReason.MISFIRE_FIRE_ONCE;
            case FIRE_ALL -> SkipReason.FIRE_ALL_CAP;
        };
        plan.skip().forEach(time -> plan(Planned.skip(id, time, reason)));
        plan.fire().forEach(time -> plan(Planned.fire(id, time)));
        if (!plan.late()) {
            log.info("schedule={} missed {}{} times since {}: firing {}, skipping {}", id,
                    plan.moreThanScanned() ? "more than " : "", plan.fire().size() + plan.skip().size() + plan.unreportedSkips(),
                    schedule.committed.lastScheduledAt(), plan.fire().size(), plan.skip().size() + plan.unreportedSkips());
        } else if (!plan.fire().isEmpty()) {
            // a take-over or a restart within the threshold: as ordinary as a fire Quartz delays under load
            log.debug("schedule={} {} times late since {}: firing them all", id, plan.fire().size(),
                    schedule.committed.lastScheduledAt());
        }
        index.time(schedule, plan.next(), now);
    }

    private void plan(Planned item) {
        planned.computeIfAbsent(item.scheduleId(), id -> new ArrayList<>()).add(item);
    }

    /** Writes due fires, planned catch-ups and skips and their trigger states in one transaction. */
    private void commit(List<Fire> due) {
        Instant now = settings.clock().instant();
        List<Planned> work = new ArrayList<>();
        Set<String> taken = takePlanned(work);
        for (Fire fire : due) {
            List<Planned> waiting = planned.get(fire.scheduleId());
            if (waiting != null && !taken.contains(fire.scheduleId())) {
                // behind catch-ups of its schedule that wait for a later transaction: stay in order
                waiting.add(Planned.fire(fire.scheduleId(), fire.scheduledAt()));
            } else {
                work.add(Planned.fire(fire.scheduleId(), fire.scheduledAt()));
            }
        }
        Map<String, TriggerState> states = new LinkedHashMap<>();
        List<Instant> firedTimes = new ArrayList<>();
        int skipped = 0;
        Transaction transaction = new Transaction();
        Duration openLimit = settings.transactionTimeout().dividedBy(OPEN_SHARE_OF_TIMEOUT);
        List<Planned> deferred = List.of();
        try {
            for (int i = 0; i < work.size(); i++) {
                if (transaction.openLongerThan(openLimit)) {
                    // far behind: commit what is written well within the timeout, and write the rest next
                    deferred = work.subList(i, work.size());
                    break;
                }
                Planned item = work.get(i);
                Owned schedule = owned.get(item.scheduleId());
                if (schedule == null || schedule.definition.paused()) {
                    continue;
                }
                TriggerState state = states.getOrDefault(item.scheduleId(), schedule.committed);
                if (state.lastScheduledAt() != null && !item.scheduledAt().isAfter(state.lastScheduledAt())) {
                    continue;
                }
                boolean last = MisfirePlanner.exhaustedAfter(schedule.definition.trigger(), item.scheduledAt());
                String skipReason = item.skipReason();
                if (skipReason == null && schedule.definition.concurrency() == ConcurrencyPolicy.FORBID
                        && state.lastEventId() != null && !runs.hasEnded(state.lastEventId())) {
                    skipReason = SkipReason.CONCURRENCY_FORBID;
                }
                if (skipReason == null) {
                    transaction.send(records.taskEvent(schedule.definition, item.scheduledAt(), now));
                    states.put(item.scheduleId(), state.fired(item.scheduledAt(), now, last));
                    firedTimes.add(item.scheduledAt());
                } else {
                    transaction.send(records.skippedResult(schedule.definition, item, skipReason, now));
                    states.put(item.scheduleId(), state.skipped(item.scheduledAt(), last));
                    skipped++;
                }
            }
            states.forEach((id, state) -> transaction.send(records.triggerState(owned.get(id).partition, state)));
            tombstones.forEach((id, partition) -> transaction.send(records.triggerStateRemoved(partition, id)));
            if (transaction.records == 0 && !commitPositions) {
                settleTaken(taken, List.of());
                timeNext(due);
                return;
            }
            transaction.commit();
        } catch (KafkaException e) {
            metrics.aborted();
            abortOrRecreate();
            if (e instanceof CommitFailedException) {
                // a rebalance moved the group on. The schedules this instance keeps were never unloaded, so
                // their times are late, not missed, and are not put to the misfire policy; those it gives
                // up are dropped at revocation, and their new owner plans them from the committed state
                log.info("Transaction of {} records refused by a rebalance ({}); its work goes in the next transaction",
                        transaction.records, e.getMessage());
                settleTaken(taken, work);
                timeNext(due);
            } else {
                settleTaken(taken, List.of());
                log.warn("Transaction of {} records aborted ({}); its fires are planned again from the committed state",
                        transaction.records, e.toString());
                // the fires are dropped; plan again from what is committed the schedules it touched, and those
                // whose due fire waited behind planned work it did not take: their timing was used up, and
                // only timeNext or load times a schedule's next time
                Set<String> touched = work.stream().map(Planned::scheduleId).collect(Collectors.toCollection(HashSet::new));
                due.forEach(fire -> touched.add(fire.scheduleId()));
                touched.stream().map(owned::get).filter(Objects::nonNull).forEach(this::load);
            }
            return;
        } catch (RuntimeException e) {
            if (transaction.begun) {
                abortOrRecreate();
            }
            throw e;
        }
        commitPositions = false;
        states.forEach((id, state) -> owned.get(id).committed = state);
        settleTaken(taken, deferred);
        tombstones.clear();
        timeNext(due);
        Instant committedAt = settings.clock().instant();
        firedTimes.forEach(time -> metrics.fired(Duration.between(time, committedAt)));
        for (int i = 0; i < skipped; i++) {
            metrics.skipped();
        }
        log.debug("Committed {} fires and {} skips in {} ms", firedTimes.size(), skipped,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - transaction.begunNanos));
        if (!deferred.isEmpty()) {
            log.info("Fell behind: committed {} records after {} ms, {} fires and skips left for the next transactions",
                    transaction.records, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - transaction.begunNanos),
                    deferred.size());
        }
    }

    /**
     * Ends the planned work {@code taken} for a transaction, and puts {@code unwritten} (work of it the
     * transaction did not write) back in order, to go first in the next ones. The taken schedules'
     * lists go first: then no schedule of {@code unwritten} has planned work left to be put behind,
     * as its own was taken, or it had none when its due fire went into the work.
     */
    private void settleTaken(Set<String> taken, List<Planned> unwritten) {
        planned.keySet().removeAll(taken);
        unwritten.forEach(this::plan);
    }

    /**
     * One transaction, begun when its first records go to the producer. Records are handed over
     * {@value #RECORDS_PER_SEND} at a time as they are built, and the producer copies them into its
     * own batches at once. So a usual transaction still goes out as one request, while a burst's
     * transaction of tens of thousands of fires does not keep every record object alive until the
     * commit for the young collections to copy (see docs/scheduler-firing.md).
     */
    private final class Transaction {
        private final List<ProducerRecord<String, byte[]>> built = new ArrayList<>();
        private boolean begun;
        private long begunNanos;
        private int records;

        void send(ProducerRecord<String, byte[]> record) {
            built.add(record);
            records++;
            if (built.size() >= RECORDS_PER_SEND) {
                handOver();
            }
        }

        /** Whether records went to the producer more than {@code limit} ago, as the broker times the transaction. */
        boolean openLongerThan(Duration limit) {
            return begun && System.nanoTime() - begunNanos > limit.toNanos();
        }

        /** Commits what was sent with the consumer's positions, so an instance that lost its partitions is fenced. */
        void commit() {
            handOver();
            stallIfAsked();
            producer.sendOffsetsToTransaction(positions(), consumer.groupMetadata());
            awaitCommit();
            metrics.committed();
        }

        /**
         * A commit not answered within {@code max.block.ms} may still have reached the coordinator, so
         * aborting it and planning its fires again could fire them twice (and the producer refuses
         * anything but the same commit now). So the loop asks again, which waits for the same
         * commit's answer, for as long as it runs. Once it stops, the coordinator settles the
         * transaction, and the next owner's {@code read_committed} restore waits for that.
         */
        private void awaitCommit() {
            while (true) {
                try {
                    producer.commitTransaction();
                    return;
                } catch (TimeoutException e) {
                    if (!running) {
                        throw e;
                    }
                    log.warn("Commit of a transaction of {} records not answered yet ({}); waiting for its answer, "
                            + "as it may have committed", records, e.getMessage());
                }
            }
        }

        private void handOver() {
            if (!begun) {
                begun = true;
                begunNanos = System.nanoTime();
                producer.beginTransaction();
            }
            built.forEach(producer::send);
            built.clear();
        }
    }

    /**
     * Moves the planned catch-ups and skips of whole schedules into {@code work}, up to about
     * {@value #MAX_PLANNED_PER_TRANSACTION} items, and returns the schedules taken. A restore that
     * finds a hundred thousand missed times writes them over several transactions, so the fires
     * due on time meanwhile wait for one bounded transaction, not for all of them.
     */
    private Set<String> takePlanned(List<Planned> work) {
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, List<Planned>> entry : planned.entrySet()) {
            if (work.size() >= MAX_PLANNED_PER_TRANSACTION) {
                break;
            }
            work.addAll(entry.getValue());
            taken.add(entry.getKey());
        }
        return taken;
    }

    /**
     * Times the next time of each schedule whose timed fire is done with. Times already due then (the
     * loop is late: it stalled, or waited on the broker) go straight into the planned work, in order,
     * up to {@value #MAX_PLANNED_PER_TRANSACTION} a schedule at a time. Timed through Quartz one by
     * one, a time per iteration of the loop, a schedule whose interval is shorter than an iteration
     * never caught up.
     */
    private void timeNext(List<Fire> done) {
        Instant now = settings.clock().instant();
        for (Fire fire : done) {
            Owned schedule = owned.get(fire.scheduleId());
            if (schedule == null || !index.isTimedAt(schedule, fire.scheduledAt())) {
                continue;
            }
            try {
                timeNext(schedule, fire, now);
            } catch (RuntimeException e) {
                log.error("schedule={}: its next time could not be worked out; every other schedule fires on",
                        fire.scheduleId(), e);
                hold(schedule);
            }
        }
    }

    private void timeNext(Owned schedule, Fire fire, Instant now) {
        // not FireTimes.between: this keeps the first time after now to time it, so an on-time fire,
        // the usual case, computes one next time, as before
        Trigger trigger = schedule.definition.trigger();
        Instant next = FireTimes.nextAfter(trigger, fire.scheduledAt());
        int late = 0;
        while (next != null && !next.isAfter(now) && late < MAX_PLANNED_PER_TRANSACTION) {
            plan(Planned.fire(fire.scheduleId(), next));
            late++;
            next = FireTimes.nextAfter(trigger, next);
        }
        if (late > 0) {
            log.debug("schedule={} is late: {} times already due go in the next transaction", fire.scheduleId(), late);
        }
        index.fired(schedule, next, now);
    }

    /**
     * Stops firing a schedule whose record was refused or whose loading or timing failed, as a pause
     * would, keeping its trigger state: one schedule's failure never ends the loop that fires all the
     * others. A valid definition written later resumes it.
     */
    private void hold(Owned schedule) {
        if (schedule == null) {
            return;
        }
        index.untime(schedule);
        planned.remove(schedule.definition.id());
        schedule.definition = schedule.definition.withPaused(true);
    }

    /** After a failed transaction: abort it, or, when the producer can no longer be used, replace it. */
    private void abortOrRecreate() {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            // IllegalStateException: a commit timed out, and only that commit may be asked for again
            log.info("Replacing the transactional producer after {}", e.toString());
            producer.close(Duration.ZERO);
            producer = null;
            startProducer();
        }
    }

    /**
     * Starts a transactional producer. Its {@code initTransactions} fences any earlier producer of
     * this instance and has the coordinator settle that one's open transaction. While the broker does
     * not answer, it tries again for as long as the loop runs, rather than ending the loop; an
     * interrupt stops the loop, and leaves it without a producer.
     */
    private void startProducer() {
        while (running) {
            try {
                producer = producers.get();
                return;
            } catch (KafkaException e) {
                log.warn("Could not start the transactional producer ({}); trying again in {} ms", e.toString(),
                        PRODUCER_RETRY_BACKOFF.toMillis());
                try {
                    Thread.sleep(PRODUCER_RETRY_BACKOFF.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> positions() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        return offsets;
    }

    private void stallIfAsked() {
        Duration pause = stalls.poll();
        if (pause != null) {
            log.warn("Firing loop stalled for {} ms inside a transaction (test hook)", pause.toMillis());
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Loads the schedules of newly assigned partitions from their definitions and committed trigger state. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            joined = true;
            return;
        }
        long started = System.nanoTime();
        ScheduleRestorer.Restored restored = restorer.restore(partitions.stream().map(TopicPartition::partition).toList());
        restored.schedules().forEach((key, stored) -> {
            // the definition's own id, not the record key read beside it: one string per schedule, not three
            String id = stored.definition().id();
            TriggerState state = restored.states().getOrDefault(id, TriggerState.initial(id));
            Owned schedule = new Owned(stored.definition(), stored.partition(), stored.definedAt(), state);
            owned.put(id, schedule);
            try {
                load(schedule);
            } catch (RuntimeException e) {
                log.error("schedule={} could not be loaded; every other schedule fires on", id, e);
                hold(schedule);
            }
        });
        restored.endOffsets().forEach(consumer::seek);
        commitPositions = true;
        metrics.schedulesLoaded.set(owned.size());
        log.info("Assigned {}: restored {} schedules in {} ms", partitions, restored.schedules().size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        joined = true;
    }

    /** Called inside poll, so no transaction is open: stop timing the revoked partitions' schedules. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        forget(partitions);
        if (!partitions.isEmpty()) {
            log.info("Revoked {}", partitions);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
        log.warn("Lost {}; their schedules fire on their new owner", partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        owned.values().removeIf(schedule -> {
            if (numbers.contains(schedule.partition)) {
                index.untime(schedule);
                return true;
            }
            return false;
        });
        planned.keySet().removeIf(id -> !owned.containsKey(id));
        tombstones.values().removeIf(numbers::contains);
        metrics.schedulesLoaded.set(owned.size());
    }
}

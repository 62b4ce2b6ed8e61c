package dev.eventscheduler.executor.internal;

import dev.eventscheduler.executor.ExecutorSettings;
import dev.eventscheduler.executor.TaskHandler;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the {@link Consumer}. It reads the tasks and retry topics, decodes each
 * record once, hands records to the {@link KeyOrderedDispatcher} in offset order, holds back retries
 * until they are due, pauses partitions when the in-flight limit is reached, commits each
 * partition up to its lowest unfinished offset, and reads a partition again from there when a
 * record's outcome could not be published. Other threads reach it only through the completion
 * queue and {@link #stop}.
 */
final class ConsumerLoop implements Runnable, ConsumerRebalanceListener {

    /** How long closing the consumer may take: leaving the group, once offsets are committed. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How long a poll waits when the loop has nothing else to do. */
    static final Duration IDLE_POLL = Duration.ofMillis(100);
    /** How long a poll waits while work is held back, so completions are picked up promptly. */
    static final Duration BUSY_POLL = Duration.ofMillis(5);
    /** The longest a partition waits before it is read again after failed publishes, however many in a row. */
    static final Duration MAX_PUBLISH_FAILURE_BACKOFF = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);

    /** Set once the group first assigned this member its partitions (maybe none); read by health checks. */
    private volatile boolean joined;
    private final Consumer<String, byte[]> consumer;
    private final ExecutorSettings settings;
    private final KeyOrderedDispatcher dispatcher;
    private final ExecutorMetrics metrics;
    private final TaskRunner runner;
    private final Cancellations cancellations;
    private final TaskEventDeserializer deserializer = new TaskEventDeserializer();
    private final ConcurrentLinkedQueue<Completion> completions;
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    private final OffsetCommitter offsets;

    private final Lifecycle lifecycle = new Lifecycle("consumer loop");
    private int inFlight;

    ConsumerLoop(Consumer<String, byte[]> consumer, ExecutorSettings settings, KeyOrderedDispatcher dispatcher,
                 ExecutorMetrics metrics, TaskRunner runner, Cancellations cancellations,
                 ConcurrentLinkedQueue<Completion> completions) {
        this.consumer = consumer;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.runner = runner;
        this.cancellations = cancellations;
        this.completions = completions;
        this.offsets = new OffsetCommitter(consumer, settings.commitInterval(), settings.revokeTimeout(), partitions::get);
    }

    @Override
    public void run() {
        if (!lifecycle.running()) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            lifecycle.closed();
            return;
        }
        try {
            // a run cancelled while no executor held its task must not start here before its request is read
            cancellations.awaitLoaded(lifecycle::isRunning);
            consumer.subscribe(List.of(settings.topics().tasks(), settings.topics().retry()), this);
            while (lifecycle.isRunning()) {
                step();
            }
        } catch (WakeupException e) {
            if (lifecycle.isRunning()) {
                throw e;
            }
        } catch (RuntimeException e) {
            lifecycle.drain();
            log.error("Consumer loop failed; the executor stops fetching", e);
            throw e;
        } finally {
            try {
                drainAndCommit();
            } finally {
                // the owner thread closes its consumer: the group moves its partitions at once
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
                lifecycle.closed();
            }
        }
    }

    /** Queued work is left for the next owner; only what is running now is waited for, then committed. */
    private void drainAndCommit() {
        partitions.values().forEach(work -> work.retired = true);
        int running = partitions.values().stream().mapToInt(work -> work.dispatched).sum();
        if (running > 0) {
            // said at once: a Ctrl-C that waits silently for tasks looks like a hang
            log.info("Stopping: waiting up to {} s for {} running tasks to finish; queued ones are left "
                    + "for the next owner", settings.shutdownTimeout().toSeconds(), running);
        }
        awaitDispatched(partitions.values(), settings.shutdownTimeout());
        offsets.commit(partitions.values(), true);
    }

    /** Whether the loop is polling. */
    boolean isRunning() {
        return lifecycle.isRunning();
    }

    /** Asks the loop to stop: running tasks finish within the shutdown timeout, then it commits and leaves the group. */
    void stop() {
        lifecycle.drain();
        consumer.wakeup();
    }

    private void step() {
        drainCompletions();
        Instant nextDue = dispatchQueued();
        applyPauses();
        if (offsets.due()) {
            offsets.commit(partitions.values(), false);
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout(nextDue));
        for (TopicPartition partition : records.partitions()) {
            PartitionWork work = partitions.get(partition);
            if (work == null) {
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                work.queued.add(PolledRecord.read(record, deserializer));
            }
        }
        dispatchQueued();
        applyPauses();
    }

    /** Hands due records to the dispatcher while below the in-flight limit; returns when the next held-back retry is due. */
    private Instant dispatchQueued() {
        Instant now = settings.clock().instant();
        Instant nextDue = null;
        for (PartitionWork work : partitions.values()) {
            if (work.heldUntil != null && work.heldUntil.isAfter(now)) {
                nextDue = earlier(nextDue, work.heldUntil);
                continue;
            }
            while (!work.queued.isEmpty() && inFlight < settings.maxInFlight()) {
                PolledRecord head = work.queued.peek();
                if (work.delayed && head.notDueAt(now) && !cancelled(head)) {
                    nextDue = earlier(nextDue, head.event().notBefore());
                    break;
                }
                work.queued.poll();
                work.offsets.started(head.record().offset());
                work.dispatched++;
                inFlight++;
                if (head.event() == null) {
                    runner.deadLetterUnreadable(work, head);
                } else {
                    TaskHandler handler = runner.handlerFor(head);
                    dispatcher.dispatch(head.event().taskKey(), () -> runner.run(work, head, handler),
                            runner.neverBlocks(handler));
                }
            }
        }
        metrics.inFlight.set(inFlight);
        return nextDue;
    }

    /** Whether the record's run was asked to stop: a retry that waits for its back-off then ends at once. */
    private boolean cancelled(PolledRecord record) {
        return record.event() != null && cancellations.requested(record.event().eventId()) != null;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private void drainCompletions() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            inFlight--;
            PartitionWork work = completion.work();
            work.dispatched--;
            if (partitions.get(work.partition) != work) {
                continue;
            }
            switch (completion.state()) {
                case FINISHED -> {
                    work.offsets.finished(completion.offset());
                    if (completion.offset() == work.unpublishedOffset) {
                        work.unpublishedOffset = -1;
                        work.unpublishedInARow = 0;
                    }
                }
                case UNPUBLISHED -> {
                    if (!work.retired && lifecycle.isRunning()) {
                        readAgain(work, completion.offset());
                    }
                }
                case DROPPED -> {
                    // read again by whoever owns the partition next
                }
            }
        }
        metrics.inFlight.set(inFlight);
    }

    /**
     * A record's outcome could not be published (the broker refused it, or the delivery timeout
     * passed), so its offset can never be committed. Rather than hold the partition's commits back
     * until a restart, read the partition again from its lowest unfinished offset after a back-off,
     * as a new owner would: the records from there run again (at least once, in order per key). The
     * back-off doubles while the same record keeps failing, so a result refused for good re-runs its
     * task at most once a {@link #MAX_PUBLISH_FAILURE_BACKOFF minute}.
     */
    private void readAgain(PartitionWork failed, long offset) {
        long from = failed.offsets.committable();
        Instant now = settings.clock().instant();
        PartitionWork fresh = failed.readAgain(offset, settings.publishFailureBackoff(), MAX_PUBLISH_FAILURE_BACKOFF, now);
        partitions.put(failed.partition, fresh);
        consumer.seek(failed.partition, from);
        log.warn("Outcome of the record at {}-{} not published ({} in a row); reading {} again from offset {} in {} ms",
                failed.partition, offset, fresh.unpublishedInARow, failed.partition, from,
                Duration.between(now, fresh.heldUntil).toMillis());
    }

    /** A partition is paused while it holds queued records or the executor is at its in-flight limit. */
    private void applyPauses() {
        PartitionWork.applyPauses(consumer, partitions.values(), inFlight >= settings.maxInFlight(), metrics);
    }

    /**
     * Short while completions are awaited; otherwise until the next held-back record is due. Queued
     * records with nothing in flight are all held back (a retry not due, a partition backing off), so
     * polling often for them would only spin.
     */
    private Duration pollTimeout(Instant nextDue) {
        if (inFlight > 0) {
            return BUSY_POLL;
        }
        if (nextDue != null) {
            long untilDue = Duration.between(settings.clock().instant(), nextDue).toMillis();
            return Duration.ofMillis(Math.max(0, Math.min(untilDue, IDLE_POLL.toMillis())));
        }
        return IDLE_POLL;
    }

    /** Waits, within {@code timeout}, until the dispatched work of {@code works} has completed. */
    private void awaitDispatched(Collection<PartitionWork> works, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && works.stream().anyMatch(work -> work.dispatched > 0)) {
            drainCompletions();
            sleepBriefly();
        }
        drainCompletions();
    }

    /**
     * Whether the group has given this member its share at least once: from then on its assignment,
     * empty or not, is the group's word. Before it, a restarted member may wait out a dead
     * incarnation's session while holding nothing.
     */
    public boolean joined() {
        return joined;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        joined = true;
        for (TopicPartition partition : assigned) {
            partitions.put(partition, new PartitionWork(partition, partition.topic().equals(settings.topics().retry())));
        }
        metrics.assignedPartitions.set(partitions.size());
        if (!assigned.isEmpty()) {
            log.info("Assigned {}", assigned);
        }
    }

    /** Lets the revoked partitions' running tasks finish (bounded), commits them, then forgets them. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        List<PartitionWork> leaving = new ArrayList<>();
        for (TopicPartition partition : revoked) {
            PartitionWork work = partitions.get(partition);
            if (work != null) {
                work.retired = true;
                work.queued.clear();
                leaving.add(work);
            }
        }
        awaitDispatched(leaving, settings.revokeTimeout());
        offsets.commit(leaving, true);
        forget(revoked);
        log.info("Revoked {}", revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        lost.stream().map(partitions::get).filter(Objects::nonNull).forEach(work -> work.retired = true);
        forget(lost);
        log.warn("Lost {} without a chance to commit; their uncommitted records run again on the new owner", lost);
    }

    private void forget(Collection<TopicPartition> gone) {
        gone.forEach(partitions::remove);
        metrics.assignedPartitions.set(partitions.size());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

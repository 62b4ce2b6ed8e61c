package dev.eventscheduler.executor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One assigned partition's state since it was assigned, or last read again from an earlier offset:
 * records read but not yet handed to the dispatcher, the offsets in flight, and whether it was
 * retired. Owned by the consumer thread; only {@link #retired} is read by the dispatcher's workers.
 */
final class PartitionWork {

    final TopicPartition partition;
    /** Partitions of the retry topic hold records back until their {@code notBefore}. */
    final boolean delayed;
    final ArrayDeque<PolledRecord> queued = new ArrayDeque<>();
    final OffsetTracker offsets = new OffsetTracker();
    /** Dispatched records whose completion the consumer thread has not seen yet. */
    int dispatched;
    boolean paused;
    /** Records are not dispatched before this time: the back-off after a failed publish, or null. */
    Instant heldUntil;
    /** The offset whose outcome last failed to publish, until it gets through; -1 for none. */
    long unpublishedOffset = -1;
    /** Failed publishes of {@link #unpublishedOffset} in a row, which lengthen the back-off. */
    int unpublishedInARow;
    /**
     * Set when this work is retired: the partition was revoked or lost, or is read again from an
     * earlier offset. Its dispatched records that have not started yet are dropped instead of run.
     */
    volatile boolean retired;

    PartitionWork(TopicPartition partition, boolean delayed) {
        this.partition = partition;
        this.delayed = delayed;
    }

    /**
     * Retires this work because the outcome of the record at {@code offset} could not be published,
     * and returns the work that reads the partition again, held back until {@code now} plus a
     * back-off that doubles from {@code firstBackoff} (up to {@code maxBackoff}) while the same
     * record keeps failing.
     */
    PartitionWork readAgain(long offset, Duration firstBackoff, Duration maxBackoff, Instant now) {
        int inARow = offset == unpublishedOffset ? unpublishedInARow + 1 : 1;
        Duration backoff = firstBackoff.multipliedBy(1L << Math.min(inARow - 1, 20));
        if (backoff.compareTo(maxBackoff) > 0) {
            backoff = maxBackoff;
        }
        retired = true;
        PartitionWork fresh = new PartitionWork(partition, delayed);
        fresh.paused = paused;
        fresh.heldUntil = now.plus(backoff);
        fresh.unpublishedOffset = offset;
        fresh.unpublishedInARow = inARow;
        return fresh;
    }

    /**
     * Pauses each partition that holds queued records, or every one when the executor is {@code full}
     * (at its in-flight limit), and resumes the rest; only changes reach the consumer.
     */
    static void applyPauses(Consumer<?, ?> consumer, Collection<PartitionWork> works, boolean full, ExecutorMetrics metrics) {
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        int paused = 0;
        int queued = 0;
        for (PartitionWork work : works) {
            queued += work.queued.size();
            boolean shouldPause = full || !work.queued.isEmpty();
            if (shouldPause != work.paused) {
                (shouldPause ? pause : resume).add(work.partition);
                work.paused = shouldPause;
            }
            paused += work.paused ? 1 : 0;
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
        metrics.pausedPartitions.set(paused);
        metrics.queued.set(queued);
    }
}

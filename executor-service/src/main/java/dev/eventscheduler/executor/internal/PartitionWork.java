package dev.eventscheduler.executor.internal;

import java.time.Instant;
import java.util.ArrayDeque;
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
}

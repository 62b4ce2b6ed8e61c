package dev.eventscheduler.executor.internal;

import java.util.ArrayDeque;
import org.apache.kafka.common.TopicPartition;

/**
 * One assigned partition's state: records read but not yet handed to the dispatcher, the offsets in flight,
 * and whether it was taken away. Owned by the consumer thread; only {@link #revoked} is read by the dispatcher's workers.
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
    /** Set when the partition is revoked or lost: its queued work is dropped instead of running it. */
    volatile boolean revoked;

    PartitionWork(TopicPartition partition, boolean delayed) {
        this.partition = partition;
        this.delayed = delayed;
    }
}

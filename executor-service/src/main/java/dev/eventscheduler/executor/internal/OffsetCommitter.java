package dev.eventscheduler.executor.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the executor's offsets are committed: each partition up to its lowest unfinished offset
 * ({@link OffsetTracker}), so a commit never passes a record whose outcome is not on the broker.
 * Asynchronously every commit interval while running; synchronously, within the revoke timeout,
 * when partitions are given up or the executor stops. Used by the consumer thread only.
 */
final class OffsetCommitter {

    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

    private final Consumer<String, byte[]> consumer;
    private final Duration interval;
    private final Duration syncTimeout;
    /** The partition's current work, or null once it is gone: a late commit's answer is applied to it only. */
    private final Function<TopicPartition, PartitionWork> current;
    private long lastCommitNanos = System.nanoTime();

    OffsetCommitter(Consumer<String, byte[]> consumer, Duration interval, Duration syncTimeout,
                    Function<TopicPartition, PartitionWork> current) {
        this.consumer = consumer;
        this.interval = interval;
        this.syncTimeout = syncTimeout;
        this.current = current;
    }

    /** Whether the commit interval has passed since the last commit. */
    boolean due() {
        return System.nanoTime() - lastCommitNanos >= interval.toNanos();
    }

    /**
     * Commits what {@code works} may commit. A failed synchronous commit is logged, and its records
     * are read again by the next owner; a failed asynchronous one is retried by the next.
     */
    void commit(Collection<PartitionWork> works, boolean sync) {
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionWork work : works) {
            if (work.offsets.hasNewCommit()) {
                offsets.put(work.partition, new OffsetAndMetadata(work.offsets.committable()));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(offsets, syncTimeout);
                offsets.forEach((partition, offset) -> markCommitted(partition, offset.offset()));
            } catch (RuntimeException e) {
                log.warn("Could not commit offsets {}: {}; their records will be read again", offsets, e.toString());
            }
        } else {
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error == null) {
                    committed.forEach((partition, offset) -> markCommitted(partition, offset.offset()));
                } else {
                    log.debug("Asynchronous commit failed, the next one retries: {}", error.toString());
                }
            });
        }
    }

    private void markCommitted(TopicPartition partition, long offset) {
        PartitionWork work = current.apply(partition);
        if (work != null) {
            work.offsets.committed(offset);
        }
    }
}

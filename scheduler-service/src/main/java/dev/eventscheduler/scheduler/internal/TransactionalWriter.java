package dev.eventscheduler.scheduler.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the firing loop's transactions commit: the only class that talks to the scheduler's
 * transactional producer. A transaction is begun with its first records, carries the schedules
 * consumer's positions with the group's metadata (so an instance that lost its partitions is
 * fenced and cannot commit), and is committed, or, after a failure, aborted; a producer that can
 * no longer be used is replaced. Used by the loop's thread only.
 */
final class TransactionalWriter implements AutoCloseable {

    /** Records a transaction builds before it hands them to the producer; see {@link Transaction}. */
    static final int RECORDS_PER_SEND = 1_000;
    /** The pause between attempts to start a transactional producer while the broker does not answer. */
    static final Duration PRODUCER_RETRY_BACKOFF = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(TransactionalWriter.class);

    private final Supplier<Producer<String, byte[]>> producers;
    private final Consumer<String, byte[]> consumer;
    private final SchedulerMetrics metrics;
    private final BooleanSupplier running;
    private final Runnable stop;
    private Producer<String, byte[]> producer;

    /**
     * @param producers makes a transactional producer, its transactions initialised
     * @param consumer  the schedules consumer, whose positions and group metadata each commit carries
     * @param running   whether the loop still runs: while it does, an unanswered commit is asked for again
     * @param stop      stops the loop, when the thread is interrupted while no producer can be started
     */
    TransactionalWriter(Supplier<Producer<String, byte[]>> producers, Consumer<String, byte[]> consumer,
                        SchedulerMetrics metrics, BooleanSupplier running, Runnable stop) {
        this.producers = producers;
        this.consumer = consumer;
        this.metrics = metrics;
        this.running = running;
        this.stop = stop;
    }

    /**
     * Starts a transactional producer. Its {@code initTransactions} fences any earlier producer of
     * this instance and has the coordinator settle that one's open transaction. While the broker does
     * not answer, it tries again for as long as the loop runs, rather than ending the loop; an
     * interrupt stops the loop, and leaves it without a producer.
     */
    void start() {
        while (running.getAsBoolean()) {
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
                    stop.run();
                }
            }
        }
    }

    /** A new transaction; nothing reaches the broker until its first records are handed over. */
    Transaction transaction() {
        return new Transaction();
    }

    /** After a failed transaction: abort it, or, when the producer can no longer be used, replace it. */
    void abortOrRecreate() {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            // IllegalStateException: a commit timed out, and only that commit may be asked for again
            log.info("Replacing the transactional producer after {}", e.toString());
            producer.close(Duration.ZERO);
            producer = null;
            start();
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * One transaction, begun when its first records go to the producer. Records are handed over
     * {@value #RECORDS_PER_SEND} at a time as they are built, and the producer copies them into its
     * own batches at once. So a usual transaction still goes out as one request, while a burst's
     * transaction of tens of thousands of fires does not keep every record object alive until the
     * commit for the young collections to copy (see docs/scheduler-firing.md).
     */
    final class Transaction {
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

        /** Records sent so far. */
        int records() {
            return records;
        }

        /** Whether records went to the producer, so the transaction is open on the broker. */
        boolean begun() {
            return begun;
        }

        /** Whether records went to the producer more than {@code limit} ago, as the broker times the transaction. */
        boolean openLongerThan(Duration limit) {
            return begun && System.nanoTime() - begunNanos > limit.toNanos();
        }

        /** Milliseconds since records first went to the producer. */
        long openMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begunNanos);
        }

        /** Commits what was sent with the consumer's positions, so an instance that lost its partitions is fenced. */
        void commit() {
            handOver();
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
                    if (!running.getAsBoolean()) {
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

    private Map<TopicPartition, OffsetAndMetadata> positions() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        return offsets;
    }
}

package dev.eventscheduler.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one topic from its present end, {@code read_committed}, and hands each value with the moment
 * it became visible: how the benchmarks see what a downstream consumer would see, and when.
 */
final class VisibleRecords<T> implements AutoCloseable {

    /** Receives a value and the wall-clock millisecond it was read. */
    interface Sink<T> {
        void accept(T value, long visibleAtMillis);
    }

    /** A backlog at the deadline that {@link #readCommittedBy} reports. */
    private static final long BEHIND_RECORDS = 1_000;
    /** The longest {@link #readBacklog} reads for. */
    private static final long BACKLOG_TIMEOUT_MS = 60_000;

    private final BenchContext context;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<T> deserializer;

    VisibleRecords(BenchContext context, String topic, Deserializer<T> deserializer) {
        this.context = context;
        this.consumer = RawKafka.consumer(context);
        this.deserializer = deserializer;
        List<TopicPartition> partitions = RawKafka.partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the end now, so nothing written from here on is missed
        partitions.forEach(consumer::position);
    }

    /** Reads until {@code done} is true or {@code deadlineMillis} (wall clock) passes; false on the deadline. */
    boolean readUntil(long deadlineMillis, BooleanSupplier done, Sink<T> sink) {
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() >= deadlineMillis) {
                return false;
            }
            pollInto(sink);
        }
        return true;
    }

    /**
     * Reads until {@code deadlineMillis} (wall clock), then what was committed by then and not read
     * yet: a record written in time counts, however far behind this JVM's reader fell (a GC pause,
     * a busy core). Says so, for {@code scenario}, when the reader was {@value #BEHIND_RECORDS} records
     * or more behind; a few committed since its last poll are routine.
     */
    void readCommittedBy(String scenario, long deadlineMillis, Sink<T> sink) {
        readUntil(deadlineMillis, () -> false, sink);
        long backlog = readBacklog(sink);
        if (backlog >= BEHIND_RECORDS) {
            context.progress(scenario, "the reader was " + backlog + " records behind at its deadline; they count");
        }
    }

    /** Reads what is committed now and not read yet, as {@link #readUntil} does; returns how many records that was. */
    private long readBacklog(Sink<T> sink) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.currentTimeMillis() + BACKLOG_TIMEOUT_MS;
        long read = 0;
        while (end.entrySet().stream().anyMatch(partition -> consumer.position(partition.getKey()) < partition.getValue())) {
            if (System.currentTimeMillis() >= deadline) {
                throw new IllegalStateException("could not read the committed records of " + end.keySet() + " within "
                        + BACKLOG_TIMEOUT_MS + " ms");
            }
            read += pollInto(sink);
        }
        return read;
    }

    /** One poll: hands each record read to {@code sink} with the moment it was read; returns how many. */
    private int pollInto(Sink<T> sink) {
        int read = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
            long now = System.currentTimeMillis();
            sink.accept(deserializer.deserialize(record.topic(), record.headers(), record.value()), now);
            read++;
        }
        return read;
    }

    @Override
    public void close() {
        consumer.close();
    }
}

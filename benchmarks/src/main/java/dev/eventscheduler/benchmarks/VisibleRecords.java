package dev.eventscheduler.benchmarks;

import java.time.Duration;
import java.util.List;
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

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<T> deserializer;

    VisibleRecords(BenchContext context, String topic, Deserializer<T> deserializer) {
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
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.currentTimeMillis();
                sink.accept(deserializer.deserialize(record.topic(), record.headers(), record.value()), now);
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}

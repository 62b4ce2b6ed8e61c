package dev.eventscheduler.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * Fault injection through {@link SchedulerServiceBuilder#producerWrapper}: each of the next
 * transactions in turn pauses for the next of the given pauses once its records are sent, before its
 * offsets and its commit, as in a long GC pause inside an open transaction. A pause past the
 * transaction timeout has the coordinator abort it. Replaced producers are wrapped too.
 */
final class TransactionStalls {

    private final Queue<Duration> pauses = new ConcurrentLinkedQueue<>();

    /** The pauses the next transactions take, one each. */
    void next(Duration... next) {
        pauses.addAll(List.of(next));
    }

    /** For {@code producerWrapper}. */
    Producer<String, byte[]> wrap(Producer<String, byte[]> producer) {
        return new Stalling(producer);
    }

    private void stallIfAsked() {
        Duration pause = pauses.poll();
        if (pause != null) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Passes every call on; pauses before the offsets of a transaction when asked. */
    private final class Stalling implements Producer<String, byte[]> {
        private final Producer<String, byte[]> delegate;

        Stalling(Producer<String, byte[]> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
            stallIfAsked();
            delegate.sendOffsetsToTransaction(offsets, group);
        }

        @Override
        public void initTransactions() {
            delegate.initTransactions();
        }

        @Override
        public void beginTransaction() {
            delegate.beginTransaction();
        }

        @Override
        public void commitTransaction() {
            delegate.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            delegate.abortTransaction();
        }

        @Override
        public void registerMetricForSubscription(KafkaMetric metric) {
            delegate.registerMetricForSubscription(metric);
        }

        @Override
        public void unregisterMetricFromSubscription(KafkaMetric metric) {
            delegate.unregisterMetricFromSubscription(metric);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            return delegate.send(record);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            return delegate.send(record, callback);
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return delegate.partitionsFor(topic);
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return delegate.metrics();
        }

        @Override
        public Uuid clientInstanceId(Duration timeout) {
            return delegate.clientInstanceId(timeout);
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public void close(Duration timeout) {
            delegate.close(timeout);
        }
    }
}

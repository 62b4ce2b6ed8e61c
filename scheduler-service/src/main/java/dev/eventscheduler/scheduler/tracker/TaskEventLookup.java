package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskEvents;
import dev.eventscheduler.model.kafka.KeyPartitions;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Finds the task event a run fired with on the tasks topic, whole (payload of any size, time limit,
 * retry policy), where the tracker keeps only a summary: a rerun runs exactly that task again. It
 * reads from a little before the run's fire time ({@code offsetsForTimes}), first in the partition
 * its task key hashes to, then in the others (a producer may have placed it elsewhere), and gives up
 * after {@value #MAX_SCANNED} records or {@link #MAX_TIME}, or at records written a minute after the
 * fire. Empty when the event is gone (retention) or not found. A consumer per lookup, group-less
 * and {@code read_committed}: lookups are rare and may run on any request thread.
 */
final class TaskEventLookup {

    /** How far before the run's fire time the search starts: the record's timestamp is taken at send, after it. */
    static final Duration LOOK_BEFORE = Duration.ofSeconds(5);
    /** Records written this long after the fire time end a partition's search. */
    static final Duration LOOK_AFTER = Duration.ofMinutes(1);
    static final int MAX_SCANNED = 200_000;
    static final Duration MAX_TIME = Duration.ofSeconds(5);

    private final String topic;
    private final Map<String, Object> config;
    private final TaskEventDeserializer deserializer = new TaskEventDeserializer();

    TaskEventLookup(String topic, Map<String, Object> clientConfig) {
        this.topic = topic;
        this.config = StatusTracker.groupLess(clientConfig);
    }

    /** The first attempt's event of run {@code eventId}, keyed {@code taskKey} and fired at {@code firedAt}. */
    Optional<TaskEvent> find(String eventId, String taskKey, Instant firedAt) {
        long deadline = System.nanoTime() + MAX_TIME.toNanos();
        int[] scanned = {0};
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            for (TopicPartition partition : searchOrder(consumer, taskKey)) {
                Optional<TaskEvent> found = search(consumer, partition, eventId, firedAt, deadline, scanned);
                if (found.isPresent() || scanned[0] >= MAX_SCANNED || System.nanoTime() > deadline) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The partition the default partitioner gives the task key first, then the others. */
    private List<TopicPartition> searchOrder(KafkaConsumer<String, byte[]> consumer, String taskKey) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        int count = partitions == null ? 0 : partitions.size();
        if (count == 0) {
            return List.of();
        }
        int home = taskKey == null ? 0 : KeyPartitions.of(taskKey, count);
        List<TopicPartition> order = new ArrayList<>();
        order.add(new TopicPartition(topic, home));
        for (int p = 0; p < count; p++) {
            if (p != home) {
                order.add(new TopicPartition(topic, p));
            }
        }
        return order;
    }

    private Optional<TaskEvent> search(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, String eventId,
                                       Instant firedAt, long deadline, int[] scanned) {
        OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(partition, firedAt.minus(LOOK_BEFORE).toEpochMilli()))
                .get(partition);
        if (from == null) {
            return Optional.empty(); // nothing written since: the event is not here
        }
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long lastTimestamp = firedAt.plus(LOOK_AFTER).toEpochMilli();
        consumer.assign(List.of(partition));
        consumer.seek(partition, from.offset());
        while (consumer.position(partition) < end && scanned[0] < MAX_SCANNED && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                scanned[0]++;
                if (record.timestamp() > lastTimestamp) {
                    return Optional.empty();
                }
                Optional<TaskEvent> event = matching(record, eventId);
                if (event.isPresent()) {
                    return event;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<TaskEvent> matching(ConsumerRecord<String, byte[]> record, String eventId) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            TaskEvent event = TaskEvents.completeFrom(new ConsumerRecord<>(record.topic(), record.partition(),
                    record.offset(), record.key(), deserializer.deserialize(record.topic(), record.headers(), record.value())));
            return eventId.equals(event.eventId()) && event.attempt() == 1 ? Optional.of(event) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // an unreadable record is no one's event
        }
    }
}

package dev.eventscheduler.scheduler.tracker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads dead letters back whole, bytes and headers as written, by where they are: the store keeps
 * only their summaries. A group-less consumer per call, which reads each asked-for offset, bounded
 * by {@link #MAX_TIME}; a record gone with retention is left out of the answer.
 */
final class DeadLetterReader {

    static final Duration MAX_TIME = Duration.ofSeconds(10);

    private final String topic;
    private final Map<String, Object> config;

    DeadLetterReader(String topic, Map<String, Object> clientConfig) {
        this.topic = topic;
        this.config = StatusTracker.groupLess(clientConfig);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    }

    /** The records of {@code letters}, by dead-letter id; those no longer on the topic are missing. */
    Map<String, ConsumerRecord<String, byte[]>> read(List<DeadLetter> letters) {
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        long deadline = System.nanoTime() + MAX_TIME.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            for (DeadLetter letter : letters) {
                TopicPartition partition = new TopicPartition(topic, letter.partition());
                consumer.assign(List.of(partition));
                consumer.seek(partition, letter.offset());
                while (System.nanoTime() < deadline && consumer.position(partition) <= letter.offset()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.offset() == letter.offset()) {
                            found.put(letter.id(), record);
                        }
                    }
                }
            }
        }
        return found;
    }
}

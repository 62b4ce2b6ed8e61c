package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.json.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an event as JSON and marks the record with the {@code content-type} and
 * {@code event-type} headers. A null value stays null (a tombstone on compacted topics).
 */
public class JsonEventSerializer<T> implements Serializer<T> {

    /** {@link EventHeaders#JSON}, encoded once: every record we write carries it. */
    private static final byte[] JSON_BYTES = EventHeaders.JSON.getBytes(StandardCharsets.UTF_8);

    private final EventType type;

    protected JsonEventSerializer(EventType type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : EventJson.toBytes(data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data != null && headers != null) {
            EventHeaders.set(headers, EventHeaders.CONTENT_TYPE, JSON_BYTES.clone());
            EventHeaders.set(headers, EventHeaders.EVENT_TYPE, type.headerBytes());
        }
        return serialize(topic, data);
    }

    /**
     * A record of {@code data} for {@code topic}: the value written as JSON, and the headers set on
     * the record itself, as every record we write carries them. A null partition leaves the choice to
     * the producer's partitioner (by key).
     */
    public ProducerRecord<String, byte[]> record(String topic, Integer partition, String key, T data) {
        Headers headers = new RecordHeaders();
        return new ProducerRecord<>(topic, partition, key, serialize(topic, headers, data), headers);
    }
}

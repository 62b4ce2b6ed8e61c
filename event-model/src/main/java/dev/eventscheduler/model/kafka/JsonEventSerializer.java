package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.json.EventJson;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an event as JSON and marks the record with the {@code content-type} and
 * {@code event-type} headers. A null value stays null (a tombstone on compacted topics).
 */
public class JsonEventSerializer<T> implements Serializer<T> {

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
            EventHeaders.set(headers, EventHeaders.CONTENT_TYPE, EventHeaders.JSON);
            EventHeaders.set(headers, EventHeaders.EVENT_TYPE, type.headerValue());
        }
        return serialize(topic, data);
    }
}

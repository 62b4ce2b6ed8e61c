package dev.eventscheduler.model.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an event from JSON. A null value stays null (a tombstone). A record that is not this
 * type's JSON, or whose {@code event-type} header names another type or version, fails with a
 * {@link SerializationException} that says why; the consumer then sees a
 * {@code RecordDeserializationException} carrying the partition and offset, dead-letters the record
 * and moves on.
 */
public class JsonEventDeserializer<T> implements Deserializer<T> {

    private final EventType type;
    /** Bound to the type once, so no read looks its deserializer up again. */
    private final ObjectReader reader;

    protected JsonEventDeserializer(EventType type, Class<T> javaType) {
        this.type = type;
        this.reader = EventJson.mapper().readerFor(javaType);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return reader.readValue(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot read " + type.headerValue() + " from topic " + topic + ": "
                    + e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new SerializationException("cannot read " + type.headerValue() + " from topic " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        Header declared = headers == null ? null : headers.lastHeader(EventHeaders.EVENT_TYPE);
        // compared as bytes: decoding the header of every record read would cost more than the check
        if (declared != null && declared.value() != null && !type.isHeaderValue(declared.value())) {
            throw new SerializationException("record on topic " + topic + " has event-type '"
                    + new String(declared.value(), StandardCharsets.UTF_8) + "'; this reader understands only '"
                    + type.headerValue() + "'");
        }
        return deserialize(topic, data);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")";
    }
}

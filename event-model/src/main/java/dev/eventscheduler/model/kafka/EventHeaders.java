package dev.eventscheduler.model.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Names of the record headers the system writes. They are informative only: nothing requires a
 * producer to set them.
 */
public final class EventHeaders {

    /** Always {@value #JSON} on records we write. */
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";
    /** {@code <name>/v1}, see {@link EventType#headerValue()}. */
    public static final String EVENT_TYPE = "event-type";
    /**
     * Who made a write through the API: the name of its token (1–64 of {@code [A-Za-z0-9._-]}).
     * Absent on writes made without a token, or with any other Kafka client.
     */
    public static final String WRITTEN_BY = "written-by";

    /** On a dead-letter record: the class of the error that sent it there. */
    public static final String DLQ_ERROR_TYPE = "dlq-error-type";
    /** On a dead-letter record: the error message. */
    public static final String DLQ_ERROR_MESSAGE = "dlq-error-message";
    /** On a dead-letter record: where the original record was read from. */
    public static final String DLQ_ORIGIN_TOPIC = "dlq-origin-topic";
    public static final String DLQ_ORIGIN_PARTITION = "dlq-origin-partition";
    public static final String DLQ_ORIGIN_OFFSET = "dlq-origin-offset";

    private EventHeaders() {
    }

    /** The last value of header {@code name} as UTF-8 text, or null when absent. */
    public static String lastValue(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Sets header {@code name} to {@code value}, replacing earlier values. */
    public static void set(Headers headers, String name, String value) {
        set(headers, name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets header {@code name} to the UTF-8 text {@code value}, replacing earlier values. */
    public static void set(Headers headers, String name, byte[] value) {
        headers.remove(name);
        headers.add(name, value);
    }
}

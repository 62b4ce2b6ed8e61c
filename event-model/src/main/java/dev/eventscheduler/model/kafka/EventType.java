package dev.eventscheduler.model.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The event types on the wire, with the {@code event-type} header value each is written with
 * ({@code <name>/v1}). Readers take a record without the header as its topic's type.
 */
public enum EventType {
    SCHEDULE_DEFINITION("schedule-definition"),
    TASK_EVENT("task-event"),
    TASK_RESULT("task-result"),
    TRIGGER_STATE("trigger-state"),
    RUN_END("run-end"),
    RUN_CONTROL("run-control"),
    DEAD_LETTER_ACTION("dead-letter-action"),
    CALENDAR("calendar"),
    RUN_LOG("run-log"),
    NOTIFY_RULE("notify-rule");

    /** The one wire version so far. */
    public static final String VERSION = "v1";

    private final String wireName;
    private final String headerValue;
    private final byte[] headerBytes;

    EventType(String wireName) {
        this.wireName = wireName;
        this.headerValue = wireName + "/" + VERSION;
        this.headerBytes = headerValue.getBytes(StandardCharsets.UTF_8);
    }

    /** The name on the wire, e.g. {@code task-event}. */
    public String wireName() {
        return wireName;
    }

    /** The {@code event-type} header value, e.g. {@code task-event/v1}. */
    public String headerValue() {
        return headerValue;
    }

    /** Whether {@code value}, a header's raw bytes, is this type's {@link #headerValue()}. */
    boolean isHeaderValue(byte[] value) {
        return Arrays.equals(headerBytes, value);
    }

    /** {@link #headerValue()} as UTF-8 bytes, for writing; a copy, since header values are handed to Kafka. */
    byte[] headerBytes() {
        return headerBytes.clone();
    }
}

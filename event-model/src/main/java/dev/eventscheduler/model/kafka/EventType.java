package dev.eventscheduler.model.kafka;

/**
 * The event types on the wire, with the {@code event-type} header value each is written with
 * ({@code <name>/v1}). Readers take a record without the header as its topic's type.
 */
public enum EventType {
    SCHEDULE_DEFINITION("schedule-definition"),
    TASK_EVENT("task-event"),
    TASK_RESULT("task-result"),
    TRIGGER_STATE("trigger-state");

    /** The one wire version so far. */
    public static final String VERSION = "v1";

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code task-event}. */
    public String wireName() {
        return wireName;
    }

    /** The {@code event-type} header value, e.g. {@code task-event/v1}. */
    public String headerValue() {
        return wireName + "/" + VERSION;
    }
}

package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link TaskHandler} gets for one attempt.
 *
 * @param event      the task event, with record defaults filled in (task key, event id, attempt)
 * @param executorId the executor instance running it
 * @param startedAt  when this attempt began
 * @param timeout    how long it may run before it is interrupted
 */
public record TaskContext(TaskEvent event, String executorId, Instant startedAt, Duration timeout) {

    /** The event's id: the same on every attempt and redelivery, so a key for idempotence. */
    public String eventId() {
        return event.eventId();
    }

    /** The event's payload (may be null). */
    public JsonNode payload() {
        return event.payload();
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return event.attempt();
    }

    /** The instant this attempt is interrupted at. */
    public Instant deadline() {
        return startedAt.plus(timeout);
    }
}

package dev.eventscheduler.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One task to run, on {@code scheduler.tasks} (and {@code scheduler.retry}) keyed by {@code taskKey}.
 * A producer may leave out every field that has a default; {@link TaskEvents#completeFrom} fills the
 * ones that come from the record itself.
 *
 * @param eventId     for a scheduled fire {@code <scheduleId>@<scheduled epoch ms>} (see
 *                    {@link #scheduledEventId}); for a one-off event the producer's id, else one
 *                    derived from the record's partition and offset
 * @param scheduleId  the schedule that fired it; null for a one-off event
 * @param taskKey     the record key, and so the partition and the unit of ordering
 * @param taskType    which handler runs it
 * @param payload     any JSON for the handler (may be null)
 * @param scheduledAt the time it was due
 * @param firedAt     when the scheduler (or the API) published it
 * @param attempt     1-based; absent (0) means 1
 * @param notBefore   a retry is not run before this instant (null: at once)
 * @param timeoutMs   the attempt's time limit (null: the executor's default)
 * @param retry       retries of a failed attempt (null: the executor's default)
 */
public record TaskEvent(
        String eventId,
        String scheduleId,
        String taskKey,
        String taskType,
        JsonNode payload,
        Instant scheduledAt,
        Instant firedAt,
        int attempt,
        Instant notBefore,
        Long timeoutMs,
        RetryPolicy retry) {

    public TaskEvent {
        if (attempt == 0) {
            attempt = 1;
        }
    }

    /** The id of a scheduled fire, the same on every instance and every retry of the fire. */
    public static String scheduledEventId(String scheduleId, Instant scheduledAt) {
        return scheduleId + "@" + scheduledAt.toEpochMilli();
    }

    /** The next attempt of this task, not to run before {@code notBefore}. */
    public TaskEvent nextAttempt(Instant notBefore) {
        return new TaskEvent(eventId, scheduleId, taskKey, taskType, payload, scheduledAt, firedAt,
                attempt + 1, notBefore, timeoutMs, retry);
    }

    /** This event with the fields a record supplies filled in where they were absent. */
    public TaskEvent withDefaults(String defaultEventId, String defaultTaskKey) {
        return new TaskEvent(eventId != null ? eventId : defaultEventId, scheduleId,
                taskKey != null ? taskKey : defaultTaskKey, taskType, payload, scheduledAt, firedAt,
                attempt, notBefore, timeoutMs, retry);
    }
}

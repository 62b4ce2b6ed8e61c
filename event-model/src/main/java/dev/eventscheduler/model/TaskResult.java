package dev.eventscheduler.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What happened to one attempt of a task, on {@code scheduler.results} keyed by {@code taskKey}.
 *
 * @param eventId     the {@link TaskEvent#eventId()} it reports on
 * @param scheduleId  the schedule, or null for a one-off event
 * @param taskKey     the event's task key
 * @param taskType    the event's task type
 * @param attempt     1-based attempt number
 * @param status      what happened
 * @param output      the handler's JSON output (may be null)
 * @param error       why it did not succeed (null on success)
 * @param scheduledAt when the event was due
 * @param startedAt   when the attempt began (null if it never did, e.g. {@code SKIPPED})
 * @param finishedAt  when the attempt ended (null for {@code STARTED})
 * @param executorId  which executor instance (or scheduler, for {@code SKIPPED}) reported it
 */
public record TaskResult(
        String eventId,
        String scheduleId,
        String taskKey,
        String taskType,
        int attempt,
        TaskStatus status,
        JsonNode output,
        TaskError error,
        Instant scheduledAt,
        Instant startedAt,
        Instant finishedAt,
        String executorId) {

    public TaskResult {
        if (attempt == 0) {
            attempt = 1;
        }
    }
}

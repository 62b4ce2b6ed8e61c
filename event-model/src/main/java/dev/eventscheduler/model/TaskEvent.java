package dev.eventscheduler.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param rerunOf     the event id of the run this one runs again ({@code POST /api/runs/{eventId}/rerun},
 *                    or a dead letter redriven); null for every other run
 * @param dueAt       when a fire of a schedule with {@code jitterMs} was due: its scheduled time plus
 *                    its {@link Jitter} delay (null: at {@code scheduledAt}, no jitter)
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
        RetryPolicy retry,
        String rerunOf,
        Instant dueAt) {

    public TaskEvent {
        if (attempt == 0) {
            attempt = 1;
        }
    }

    /** An event that was due at its scheduled time ({@code dueAt} null). */
    public TaskEvent(String eventId, String scheduleId, String taskKey, String taskType, JsonNode payload,
                     Instant scheduledAt, Instant firedAt, int attempt, Instant notBefore, Long timeoutMs, RetryPolicy retry,
                     String rerunOf) {
        this(eventId, scheduleId, taskKey, taskType, payload, scheduledAt, firedAt, attempt, notBefore, timeoutMs, retry,
                rerunOf, null);
    }

    /** An event that runs nothing again ({@code rerunOf} null), due at its scheduled time. */
    public TaskEvent(String eventId, String scheduleId, String taskKey, String taskType, JsonNode payload,
                     Instant scheduledAt, Instant firedAt, int attempt, Instant notBefore, Long timeoutMs, RetryPolicy retry) {
        this(eventId, scheduleId, taskKey, taskType, payload, scheduledAt, firedAt, attempt, notBefore, timeoutMs, retry, null);
    }

    /**
     * A builder for a one-off event of {@code taskType}:
     * {@code TaskEvent.oneOff("send-invoice").taskKey("customer-42").payload(p).build()}. What is left
     * out takes its default when published: a random event id, the event id as the key, now as the
     * scheduled and fired time.
     */
    public static Builder oneOff(String taskType) {
        return new Builder(taskType);
    }

    /** Builds a one-off {@link TaskEvent}; see {@link #oneOff}. */
    public static final class Builder {
        private final String taskType;
        private String eventId;
        private String taskKey;
        private JsonNode payload;
        private Instant notBefore;
        private Long timeoutMs;
        private RetryPolicy retry;

        private Builder(String taskType) {
            this.taskType = taskType;
        }

        /** The event's id, to find its results by; it may not contain {@code @}. */
        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        /** The record key: the partition, and the unit of ordering. */
        public Builder taskKey(String taskKey) {
            this.taskKey = taskKey;
            return this;
        }

        public Builder payload(JsonNode payload) {
            this.payload = payload;
            return this;
        }

        /** Not run before this instant (default: at once). */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        /** The attempt's time limit (default: the executor's). */
        public Builder timeout(java.time.Duration timeout) {
            this.timeoutMs = timeout.toMillis();
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        public TaskEvent build() {
            return new TaskEvent(eventId, null, taskKey, taskType, payload, null, null, 1, notBefore, timeoutMs, retry);
        }
    }

    /** The id of a scheduled fire, the same on every instance and every retry of the fire. */
    public static String scheduledEventId(String scheduleId, Instant scheduledAt) {
        return scheduleId + "@" + scheduledAt.toEpochMilli();
    }

    /**
     * The id of the fire of {@code scheduledAt} by backfill {@code backfillId}:
     * {@code <scheduleId>@<scheduled epoch ms>-backfill-<backfillId>}. It says it is a backfill, and
     * never equals a regular fire's id (nor another backfill's of the same time).
     */
    public static String backfillEventId(String scheduleId, Instant scheduledAt, String backfillId) {
        return scheduledEventId(scheduleId, scheduledAt) + "-backfill-" + backfillId;
    }

    /**
     * The scheduled time in a {@link #scheduledEventId scheduled fire's id}; null when {@code eventId}
     * is not one (a one-off event's id, or no id).
     */
    public static Instant scheduledAtOf(String eventId) {
        int at = eventId == null ? -1 : eventId.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(eventId.substring(at + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The next attempt of this task, not to run before {@code notBefore}. */
    public TaskEvent nextAttempt(Instant notBefore) {
        return new TaskEvent(eventId, scheduleId, taskKey, taskType, payload, scheduledAt, firedAt,
                attempt + 1, notBefore, timeoutMs, retry, rerunOf, dueAt);
    }

    /**
     * This task again as a new run, fired at {@code firedAt}: a fresh attempt count, its own event id
     * ({@code <eventId>-rerun-<epoch ms>}), linked to this run by {@link #rerunOf}. Its scheduled time
     * stays this run's, the logical time a handler may work for.
     */
    public TaskEvent rerun(Instant firedAt) {
        return again(eventId + "-rerun-" + firedAt.toEpochMilli(), firedAt);
    }

    /**
     * As {@link #rerun}, for this event redriven from the dead letter {@code <partition>@<offset>}:
     * its id is {@code <eventId>-redrive-<partition>-<offset>}, the same however often that dead
     * letter is redriven, so a redrive repeated after a crash is the same run to an idempotent handler.
     */
    public TaskEvent redrive(String deadLetterId, Instant firedAt) {
        return again(eventId + "-redrive-" + deadLetterId.replace('@', '-'), firedAt);
    }

    private TaskEvent again(String newEventId, Instant firedAt) {
        return new TaskEvent(newEventId, scheduleId, taskKey, taskType, payload, scheduledAt, firedAt, 1, null, timeoutMs,
                retry, eventId);
    }

    /** Whether this is a schedule's fire by its trigger: its id is {@link #scheduledEventId} of its schedule and time. */
    @JsonIgnore
    public boolean isScheduledFire() {
        return scheduleId != null && scheduledAt != null && eventId != null
                && eventId.equals(scheduledEventId(scheduleId, scheduledAt));
    }

    /** This event with the fields a record supplies filled in where they were absent. */
    public TaskEvent withDefaults(String defaultEventId, String defaultTaskKey) {
        return new TaskEvent(eventId != null ? eventId : defaultEventId, scheduleId,
                taskKey != null ? taskKey : defaultTaskKey, taskType, payload, scheduledAt, firedAt,
                attempt, notBefore, timeoutMs, retry, rerunOf, dueAt);
    }
}

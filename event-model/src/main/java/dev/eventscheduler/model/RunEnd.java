package dev.eventscheduler.model;

import java.time.Instant;

/**
 * The end of a schedule's run, on the compacted {@code scheduler.run-ends} topic keyed by the
 * schedule id (co-partitioned with {@code scheduler.schedules}, so the latest one of each schedule
 * is kept). The executor that publishes a scheduled run's final result writes it beside that
 * result. The scheduler that owns the schedule reads it to decide whether the run it fired last
 * has ended, which an overlap policy such as SKIP needs to know across restarts and fail-overs (a
 * run without one past its {@link RunDeadline} counts as ended too).
 *
 * @param scheduleId  the schedule, and the record key
 * @param eventId     the run's event id, {@code <scheduleId>@<scheduled epoch ms>}
 * @param scheduledAt the run's scheduled time
 * @param status      its final status (one that {@linkplain TaskStatus#endsRun() ends a run})
 * @param endedAt     when it ended
 */
public record RunEnd(String scheduleId, String eventId, Instant scheduledAt, TaskStatus status, Instant endedAt) {

    /** The end of the scheduled run whose final result is {@code result}, ended when that result says it finished. */
    public static RunEnd of(TaskResult result) {
        return new RunEnd(result.scheduleId(), result.eventId(), result.scheduledAt(), result.status(), result.finishedAt());
    }
}

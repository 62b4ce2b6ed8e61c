package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.SkipReason;
import java.time.Instant;

/**
 * A time of one schedule the firing loop decided on outside Quartz (a catch-up at load, a time
 * already due when the last fire was done with, or the oldest buffered time once the run it waited
 * for has ended): fired in a later transaction, or skipped with a reason, as one time or as a
 * summary of {@code summaryCount} older ones.
 *
 * @param scheduleId      the schedule
 * @param scheduledAt     the time, or the first of the summarised times
 * @param skipReason      a {@link SkipReason}, or null to fire it
 * @param summaryCount    how many older times a summary stands for; 0 for one time
 * @param moreThanScanned whether the summary stopped counting at the limit of a load's scan
 * @param fromBuffer      the oldest time of the schedule's buffer, to fire if the run it waits for has ended
 * @param backfillId      a time of the schedule's backfill of this id, to fire as that backfill's; null otherwise
 */
record Planned(String scheduleId, Instant scheduledAt, String skipReason, long summaryCount, boolean moreThanScanned,
               boolean fromBuffer, String backfillId) {

    static Planned fire(String scheduleId, Instant scheduledAt) {
        return new Planned(scheduleId, scheduledAt, null, 0, false, false, null);
    }

    static Planned skip(String scheduleId, Instant scheduledAt, String reason) {
        return new Planned(scheduleId, scheduledAt, reason, 0, false, false, null);
    }

    static Planned summary(String scheduleId, Instant firstSkipped, long count, boolean more) {
        return new Planned(scheduleId, firstSkipped, SkipReason.MISFIRE_SUMMARY, count, more, false, null);
    }

    static Planned buffered(String scheduleId, Instant scheduledAt) {
        return new Planned(scheduleId, scheduledAt, null, 0, false, true, null);
    }

    static Planned backfill(String scheduleId, Instant scheduledAt, String backfillId) {
        return new Planned(scheduleId, scheduledAt, null, 0, false, false, backfillId);
    }
}

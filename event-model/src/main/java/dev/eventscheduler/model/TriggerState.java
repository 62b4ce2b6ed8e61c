package dev.eventscheduler.model;

import java.time.Instant;

/**
 * How far a schedule has fired, on the compacted {@code scheduler.trigger-state} topic keyed by the
 * schedule id and written in the same transaction as the fires it describes. The instance that
 * takes a partition over resumes from it.
 *
 * @param scheduleId      the schedule
 * @param lastScheduledAt the latest scheduled time that was fired or skipped (null before the first)
 * @param lastFiredAt     when the last fired time was actually fired
 * @param lastEventId     the event id of the last fired time (null before the first), so a new owner
 *                        can tell whether that run has ended before firing a FORBID schedule again
 * @param fireCount       scheduled times fired so far
 * @param completed       no time is left to fire (a one-shot fired, or an interval passed its end)
 */
public record TriggerState(
        String scheduleId,
        Instant lastScheduledAt,
        Instant lastFiredAt,
        String lastEventId,
        long fireCount,
        boolean completed) {

    /** The state of a schedule that has never fired. */
    public static TriggerState initial(String scheduleId) {
        return new TriggerState(scheduleId, null, null, null, 0, false);
    }

    /** The state after skipping {@code scheduledAt}: accounted for, not fired. */
    public TriggerState skipped(Instant scheduledAt, boolean nowCompleted) {
        return new TriggerState(scheduleId, scheduledAt, lastFiredAt, lastEventId, fireCount, nowCompleted);
    }

    /** The state after firing {@code scheduledAt} at {@code firedAt}. */
    public TriggerState fired(Instant scheduledAt, Instant firedAt, boolean nowCompleted) {
        return new TriggerState(scheduleId, scheduledAt, firedAt, TaskEvent.scheduledEventId(scheduleId, scheduledAt),
                fireCount + 1, nowCompleted);
    }
}

package dev.eventscheduler.model;

import java.time.Instant;

/**
 * How far a schedule is through its times, as its {@link TriggerState} says: the one rule for
 * whether it has runs left and whether it has completed, shared by the scheduler that fires it and
 * the API that shows it. Kept small: the status tracker holds one per schedule.
 *
 * @param fireCount       scheduled times fired so far (manual triggers are not counted)
 * @param buffered        times waiting for the running run to end; each will fire
 * @param lastScheduledAt the latest scheduled time fired, skipped or buffered (null before the first)
 * @param backfill        how far its latest backfill has fired (null before its first)
 */
public record ScheduleProgress(long fireCount, int buffered, Instant lastScheduledAt, BackfillProgress backfill) {

    /** A schedule that has not fired, skipped or buffered a time yet. */
    public static final ScheduleProgress NONE = new ScheduleProgress(0, 0, null);

    /** Progress without a backfill. */
    public ScheduleProgress(long fireCount, int buffered, Instant lastScheduledAt) {
        this(fireCount, buffered, lastScheduledAt, null);
    }

    public static ScheduleProgress of(TriggerState state) {
        BackfillProgress backfill = state.backfill() != null && state.backfill().wellFormed() ? state.backfill() : null;
        return new ScheduleProgress(state.fireCount(), state.buffered().size(), state.lastScheduledAt(), backfill);
    }

    /**
     * How many more times {@code definition} may take on, to fire or to buffer: its
     * {@link ScheduleDefinition#maxRuns} less those fired and buffered; {@link Long#MAX_VALUE} without a limit.
     */
    public static long runsLeft(ScheduleDefinition definition, long fireCount, int buffered) {
        return definition.maxRuns() == null ? Long.MAX_VALUE : definition.maxRuns() - fireCount - buffered;
    }

    /** {@link #runsLeft(ScheduleDefinition, long, int)} of this progress. */
    public long runsLeft(ScheduleDefinition definition) {
        return runsLeft(definition, fireCount, buffered);
    }

    /**
     * Whether {@code definition} has nothing left to fire: no time waits in its buffer, and either
     * {@code maxRuns} is reached or its trigger has no time after the last one it decided (a one-shot
     * fired or skipped, a cron or interval past its {@code endAt}; a fixed delay ends by
     * {@code maxRuns} only). A cron or interval that has decided no time yet has completed only if its
     * trigger has no time after {@code now}; a one-shot that has not, never (its time fires or is
     * skipped when the scheduler loads it, however late).
     */
    public boolean completed(ScheduleDefinition definition, Instant now) {
        if (buffered > 0) {
            return false;
        }
        if (runsLeft(definition) <= 0) {
            return true;
        }
        Trigger trigger = definition.trigger();
        if (lastScheduledAt != null) {
            return !FireTimes.hasTimeAfter(trigger, lastScheduledAt);
        }
        // a one-shot's or a fixed delay's first time fires, or is skipped, when its scheduler loads it
        return !(trigger instanceof Trigger.OneShot || trigger instanceof Trigger.FixedDelay) && !FireTimes.hasTimeAfter(trigger, now);
    }
}

package dev.eventscheduler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How far a schedule has fired, on the compacted {@code scheduler.trigger-state} topic keyed by the
 * schedule id and written in the same transaction as the fires it describes. The instance that
 * takes a partition over resumes from it.
 *
 * @param scheduleId      the schedule
 * @param lastScheduledAt the latest scheduled time that was fired, skipped or buffered (null before the first)
 * @param lastFiredAt     when the last fired time was actually fired
 * @param lastEventId     the event id of the last fired time (null before the first), so a new owner
 *                        can tell whether that run has ended before firing a schedule whose overlap
 *                        policy waits for it
 * @param fireCount       scheduled times fired so far
 * @param completed       no time is left to fire (a one-shot fired, or an interval passed its end)
 * @param buffered        the scheduled times waiting for the running run to end, oldest first
 *                        (overlap BUFFER_ONE or BUFFER_ALL); absent when none
 * @param backfill        how far the schedule's latest backfill has fired; absent before its first
 */
public record TriggerState(
        String scheduleId,
        Instant lastScheduledAt,
        Instant lastFiredAt,
        String lastEventId,
        long fireCount,
        boolean completed,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Instant> buffered,
        BackfillProgress backfill) {

    public TriggerState {
        buffered = buffered == null ? List.of() : List.copyOf(buffered);
    }

    /** A state without backfill progress. */
    public TriggerState(String scheduleId, Instant lastScheduledAt, Instant lastFiredAt, String lastEventId, long fireCount,
                        boolean completed, List<Instant> buffered) {
        this(scheduleId, lastScheduledAt, lastFiredAt, lastEventId, fireCount, completed, buffered, null);
    }

    /** The state of a schedule that has never fired. */
    public static TriggerState initial(String scheduleId) {
        return new TriggerState(scheduleId, null, null, null, 0, false, List.of());
    }

    /**
     * The state after firing ({@code fired}) or skipping {@code time} of backfill {@code backfillId};
     * {@code last} when it was the backfill's last.
     */
    public TriggerState backfilled(String backfillId, Instant time, boolean fired, boolean last) {
        return new TriggerState(scheduleId, lastScheduledAt, lastFiredAt, lastEventId, fireCount, completed, buffered,
                BackfillProgress.after(backfill, backfillId, time, fired, last));
    }

    /** The state after skipping {@code scheduledAt}: accounted for, not fired. */
    public TriggerState skipped(Instant scheduledAt, boolean nowCompleted) {
        return new TriggerState(scheduleId, scheduledAt, lastFiredAt, lastEventId, fireCount, nowCompleted && buffered.isEmpty(),
                buffered, backfill);
    }

    /** The state after firing {@code scheduledAt} at {@code firedAt}. */
    public TriggerState fired(Instant scheduledAt, Instant firedAt, boolean nowCompleted) {
        return new TriggerState(scheduleId, scheduledAt, firedAt, TaskEvent.scheduledEventId(scheduleId, scheduledAt),
                fireCount + 1, nowCompleted && buffered.isEmpty(), buffered, backfill);
    }

    /** The state after {@code scheduledAt} was put at the end of the buffer, to fire when the running run ends. */
    public TriggerState buffered(Instant scheduledAt) {
        List<Instant> waiting = new ArrayList<>(buffered);
        waiting.add(scheduledAt);
        return new TriggerState(scheduleId, scheduledAt, lastFiredAt, lastEventId, fireCount, false, waiting, backfill);
    }

    /**
     * The state after firing the oldest buffered time at {@code firedAt}; {@code triggerDone} says
     * whether the trigger has no time left after {@link #lastScheduledAt}, so the schedule completes
     * once the buffer is empty.
     */
    public TriggerState firedBuffered(Instant firedAt, boolean triggerDone) {
        Instant scheduledAt = buffered.get(0);
        List<Instant> waiting = buffered.subList(1, buffered.size());
        return new TriggerState(scheduleId, lastScheduledAt, firedAt, TaskEvent.scheduledEventId(scheduleId, scheduledAt),
                fireCount + 1, triggerDone && waiting.isEmpty(), waiting, backfill);
    }
}

package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.BackfillProgress;
import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.RunDeadline;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.ScheduleProgress;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TriggerState;
import java.time.Instant;

/**
 * Where fires are decided: what one scheduled time of a schedule becomes in a transaction, read
 * from the schedule, its trigger state as this transaction leaves it, and the run ends. The table
 * for a time as it comes due, in order:
 * <ol>
 * <li>the schedule was deleted or paused since the time was planned: nothing;</li>
 * <li>the time is not after the last one written: nothing (it was fired, skipped or buffered already);</li>
 * <li>its {@code maxRuns} are used up, by fires and buffered times: nothing (it has completed);</li>
 * <li>the time was planned as a skip (misfire policy, FIRE_ALL cap, summary): skipped, that reason;</li>
 * <li>a calendar the schedule names excludes it: skipped, {@link SkipReason#CALENDAR};</li>
 * <li>overlap {@code ALLOW_ALL}: fired;</li>
 * <li>overlap {@code TERMINATE_OTHER} and the last run fired has not ended (within its
 * {@link RunDeadline}): fired, and that run terminated ({@link Decision#stopLastRun()});</li>
 * <li>the last run fired has not ended (no end read for it, and within its {@link RunDeadline}), or
 * times wait in the buffer already: buffered while the policy's buffer has room (under
 * {@code CANCEL_OTHER} the running run is cancelled as the first time is buffered), else skipped
 * ({@link SkipReason#CONCURRENCY_FORBID} under SKIP, {@link SkipReason#BUFFER_FULL} otherwise);</li>
 * <li>otherwise fired, the last run given up if it is past its deadline without an end
 * ({@link Decision#givesUpLastRun()}).</li>
 * </ol>
 * The oldest buffered time ({@link Planned#fromBuffer()}) fires once the run it waits for has
 * ended or is past its deadline (at once when the policy no longer waits), and is nothing
 * otherwise. A fire or skip of the trigger's last time, or the fire that uses up {@code maxRuns},
 * marks the trigger state completed once no time is buffered. Pure: no Kafka, and the time is handed in.
 */
final class FireDecision {

    /** What becomes of the time. */
    enum Kind {
        FIRE,
        SKIP,
        /** It waits in the schedule's buffer for the running run to end. */
        BUFFER,
        NONE
    }

    /**
     * @param kind            fire, skip, buffer, or nothing
     * @param skipReason      the {@link SkipReason} of a skip; null otherwise
     * @param last            whether nothing can follow it: the trigger's last time, or (fired or
     *                        buffered) the last of {@code maxRuns}; for a buffered time, whether nothing
     *                        can follow the buffer
     * @param givesUpLastRun  a fire whose schedule's last run is past its deadline without an end: that
     *                        run is recorded {@code TIMED_OUT} ({@link dev.eventscheduler.model.TaskError#NO_RESULT})
     * @param stopLastRun     how the schedule's running run is stopped along with this decision
     *                        ({@code CANCEL_OTHER}, {@code TERMINATE_OTHER}); null for none
     */
    record Decision(Kind kind, String skipReason, boolean last, boolean givesUpLastRun, RunControl.Action stopLastRun) {
        static final Decision NONE = new Decision(Kind.NONE, null, false, false, null);
        // a burst decides a hundred thousand fires a second: the usual answers are shared, not made
        static final Decision FIRE = new Decision(Kind.FIRE, null, false, false, null);
        static final Decision FIRE_LAST = new Decision(Kind.FIRE, null, true, false, null);
    }

    private FireDecision() {
    }

    /**
     * @param definition the schedule as now loaded; null once it is gone
     * @param state      its trigger state, with what this transaction already wrote of it
     * @param item       the scheduled time, with the skip reason it was planned with, if any
     * @param runs       whether a run has ended
     * @param now        the time of the decision, for the last run's deadline
     */
    static Decision decide(ScheduleDefinition definition, TriggerState state, Planned item, RunView runs, Instant now) {
        return decide(definition, state, item, runs, Exclusions.NONE, now);
    }

    /**
     * As {@link #decide(ScheduleDefinition, TriggerState, Planned, RunView, Instant)}, with the
     * exclusion calendars the schedule may name.
     */
    static Decision decide(ScheduleDefinition definition, TriggerState state, Planned item, RunView runs,
                           Exclusions calendars, Instant now) {
        if (definition == null || definition.paused()) {
            return Decision.NONE;
        }
        if (item.fromBuffer()) {
            return decideBuffered(definition, state, item, runs, now);
        }
        if (state.lastScheduledAt() != null && !item.scheduledAt().isAfter(state.lastScheduledAt())) {
            return Decision.NONE;
        }
        long runsLeft = ScheduleProgress.runsLeft(definition, state.fireCount(), state.buffered().size());
        if (runsLeft <= 0) {
            return Decision.NONE;
        }
        boolean triggerDone = MisfirePlanner.exhaustedAfter(definition.trigger(), item.scheduledAt());
        if (item.skipReason() != null) {
            return new Decision(Kind.SKIP, item.skipReason(), triggerDone, false, null);
        }
        if (calendars.excluding(definition.calendars(), item.scheduledAt()) != null) {
            return new Decision(Kind.SKIP, SkipReason.CALENDAR, triggerDone, false, null);
        }
        // a fire or buffered time that takes the last run completes the schedule, once the buffer is empty
        boolean last = triggerDone || runsLeft == 1;
        OverlapPolicy overlap = definition.overlap();
        if (!overlap.waitsForRuns()) {
            return last ? Decision.FIRE_LAST : Decision.FIRE;
        }
        boolean running = lastRunOpen(definition, state, runs);
        boolean givesUp = running && !withinDeadline(definition, state, now);
        boolean waitedFor = running && !givesUp;
        if (waitedFor && overlap == OverlapPolicy.TERMINATE_OTHER) {
            return new Decision(Kind.FIRE, null, last, false, RunControl.Action.TERMINATE);
        }
        if (waitedFor || !state.buffered().isEmpty()) {
            if (state.buffered().size() < overlap.bufferLimit()) {
                // the first time to wait for this run stops it; one waits at most under CANCEL_OTHER
                return new Decision(Kind.BUFFER, null, last, false, waitedFor ? overlap.stopsRunningRun() : null);
            }
            String reason = overlap == OverlapPolicy.SKIP ? SkipReason.CONCURRENCY_FORBID : SkipReason.BUFFER_FULL;
            return new Decision(Kind.SKIP, reason, last, false, null);
        }
        return new Decision(Kind.FIRE, null, last, givesUp, null);
    }

    /**
     * A time of the schedule's backfill: nothing unless the schedule (not paused) still asks for that
     * backfill and the time is after the last one its progress shows decided. Its times all come due
     * at once, each while the one before it runs (the scheduler does not wait for a backfill's runs),
     * so its overlap policy decides by how many have fired: {@code BUFFER_ALL} and {@code ALLOW_ALL}
     * fire each; {@code SKIP} the first ({@link SkipReason#CONCURRENCY_FORBID} after); {@code BUFFER_ONE}
     * the first two ({@link SkipReason#BUFFER_FULL} after), as does {@code CANCEL_OTHER}, its second
     * cancelling the first; {@code TERMINATE_OTHER} fires each, terminating the one before
     * ({@link Decision#stopLastRun()}, the backfill's last time decided). It is the backfill's last
     * when the trigger has no time after it before the range's end, or it makes
     * {@value Backfill#MAX_TIMES}. Calendars do not apply; the overlap also keys its events
     * ({@link FireRecords#backfillEvent}).
     */
    static Decision decideBackfill(ScheduleDefinition definition, TriggerState state, Planned item) {
        if (definition == null || definition.paused() || definition.backfill() == null
                || !definition.backfill().id().equals(item.backfillId())) {
            return Decision.NONE;
        }
        BackfillProgress progress = definition.backfill().progressIn(state.backfill());
        if (progress != null && (progress.done() || !item.scheduledAt().isAfter(progress.lastTime()))) {
            return Decision.NONE;
        }
        Instant next = FireTimes.nextAfter(definition.trigger(), item.scheduledAt());
        boolean last = next == null || !next.isBefore(definition.backfill().to())
                || (progress != null ? progress.decided() : 0) + 1 >= Backfill.MAX_TIMES;
        long fired = progress != null ? progress.fired() : 0;
        return switch (definition.backfill().overlap()) {
            case BUFFER_ALL, ALLOW_ALL -> last ? Decision.FIRE_LAST : Decision.FIRE;
            case SKIP -> fired == 0 ? fire(last, null) : new Decision(Kind.SKIP, SkipReason.CONCURRENCY_FORBID, last, false, null);
            case BUFFER_ONE -> fired < 2 ? fire(last, null) : new Decision(Kind.SKIP, SkipReason.BUFFER_FULL, last, false, null);
            case CANCEL_OTHER -> fired < 2 ? fire(last, fired == 1 ? RunControl.Action.CANCEL : null)
                    : new Decision(Kind.SKIP, SkipReason.BUFFER_FULL, last, false, null);
            case TERMINATE_OTHER -> fire(last, fired > 0 ? RunControl.Action.TERMINATE : null);
        };
    }

    private static Decision fire(boolean last, RunControl.Action stopLastRun) {
        return new Decision(Kind.FIRE, null, last, false, stopLastRun);
    }

    /** The oldest buffered time: fired once the run it waits for is over, else nothing yet. */
    private static Decision decideBuffered(ScheduleDefinition definition, TriggerState state, Planned item, RunView runs,
                                           Instant now) {
        if (state.buffered().isEmpty() || !state.buffered().get(0).equals(item.scheduledAt())) {
            return Decision.NONE;
        }
        boolean running = definition.overlap().waitsForRuns() && lastRunOpen(definition, state, runs);
        if (running && withinDeadline(definition, state, now)) {
            return Decision.NONE;
        }
        // every buffered time fires: the last of them completes the schedule if nothing can follow
        boolean nothingAfter = MisfirePlanner.exhaustedAfter(definition.trigger(), state.lastScheduledAt())
                || ScheduleProgress.runsLeft(definition, state.fireCount(), state.buffered().size()) <= 0;
        return new Decision(Kind.FIRE, null, nothingAfter, running, null);
    }

    private static boolean lastRunOpen(ScheduleDefinition definition, TriggerState state, RunView runs) {
        return state.lastEventId() != null && !runs.hasEnded(definition.id(), state.lastEventId());
    }

    /** Whether the last run fired is still within its {@link RunDeadline}; a state without its fire time is not. */
    private static boolean withinDeadline(ScheduleDefinition definition, TriggerState state, Instant now) {
        return state.lastFiredAt() != null && now.isBefore(state.lastFiredAt().plus(RunDeadline.of(definition)));
    }
}

package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.ConcurrencyPolicy;
import dev.eventscheduler.model.RunDeadline;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TriggerState;
import java.time.Instant;

/**
 * Where fires are decided: what one scheduled time of a schedule becomes in a transaction, read
 * from the schedule, its trigger state as this transaction leaves it, and the run view. The table,
 * in order:
 * <ol>
 * <li>the schedule was deleted or paused since the time was planned: nothing;</li>
 * <li>the time is not after the last one written: nothing (it was fired or skipped already);</li>
 * <li>the time was planned as a skip (misfire policy, FIRE_ALL cap, summary): skipped, that reason;</li>
 * <li>concurrency FORBID and the last run fired has not ended (no end read for it) and is within its
 * {@link RunDeadline}: skipped, {@link SkipReason#CONCURRENCY_FORBID};</li>
 * <li>concurrency FORBID and that run is past its deadline: fired, and the run given up
 * ({@link Decision#givesUpLastRun()});</li>
 * <li>otherwise: fired.</li>
 * </ol>
 * A fire or skip of the trigger's last time marks the trigger state completed. Pure: no Kafka, and
 * the time is handed in.
 */
final class FireDecision {

    /** What becomes of the time. */
    enum Kind {
        FIRE,
        SKIP,
        NONE
    }

    /**
     * @param kind            fire, skip, or nothing
     * @param skipReason      the {@link SkipReason} of a skip; null otherwise
     * @param last            whether it is the trigger's last time
     * @param givesUpLastRun  a fire whose schedule's last run is past its deadline without an end: that
     *                        run is recorded {@code TIMED_OUT} ({@link dev.eventscheduler.model.TaskError#NO_RESULT})
     */
    record Decision(Kind kind, String skipReason, boolean last, boolean givesUpLastRun) {
        static final Decision NONE = new Decision(Kind.NONE, null, false, false);
        // a burst decides a hundred thousand fires a second: the usual answers are shared, not made
        static final Decision FIRE = new Decision(Kind.FIRE, null, false, false);
        static final Decision FIRE_LAST = new Decision(Kind.FIRE, null, true, false);
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
        if (definition == null || definition.paused()) {
            return Decision.NONE;
        }
        if (state.lastScheduledAt() != null && !item.scheduledAt().isAfter(state.lastScheduledAt())) {
            return Decision.NONE;
        }
        boolean last = MisfirePlanner.exhaustedAfter(definition.trigger(), item.scheduledAt());
        if (item.skipReason() != null) {
            return new Decision(Kind.SKIP, item.skipReason(), last, false);
        }
        if (definition.concurrency() == ConcurrencyPolicy.FORBID && state.lastEventId() != null
                && !runs.hasEnded(definition.id(), state.lastEventId())) {
            return withinDeadline(definition, state, now)
                    ? new Decision(Kind.SKIP, SkipReason.CONCURRENCY_FORBID, last, false)
                    : new Decision(Kind.FIRE, null, last, true);
        }
        return last ? Decision.FIRE_LAST : Decision.FIRE;
    }

    /** Whether the last run fired is still within its {@link RunDeadline}; a state without its fire time is not. */
    private static boolean withinDeadline(ScheduleDefinition definition, TriggerState state, Instant now) {
        return state.lastFiredAt() != null && now.isBefore(state.lastFiredAt().plus(RunDeadline.of(definition)));
    }
}

package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.ConcurrencyPolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TriggerState;

/**
 * Where fires are decided: what one scheduled time of a schedule becomes in a transaction, read
 * from the schedule, its trigger state as this transaction leaves it, and the run view. The table,
 * in order:
 * <ol>
 * <li>the schedule was deleted or paused since the time was planned: nothing;</li>
 * <li>the time is not after the last one written: nothing (it was fired or skipped already);</li>
 * <li>the time was planned as a skip (misfire policy, FIRE_ALL cap, summary): skipped, that reason;</li>
 * <li>concurrency FORBID and the last run has no final result: skipped, {@link SkipReason#CONCURRENCY_FORBID};</li>
 * <li>otherwise: fired.</li>
 * </ol>
 * A fire or skip of the trigger's last time marks the trigger state completed. Pure: no Kafka, no clock.
 */
final class FireDecision {

    /** What becomes of the time. */
    enum Kind {
        FIRE,
        SKIP,
        NONE
    }

    /**
     * @param kind       fire, skip, or nothing
     * @param skipReason the {@link SkipReason} of a skip; null otherwise
     * @param last       whether it is the trigger's last time
     */
    record Decision(Kind kind, String skipReason, boolean last) {
        static final Decision NONE = new Decision(Kind.NONE, null, false);
        // a burst decides a hundred thousand fires a second: the usual answers are shared, not made
        static final Decision FIRE = new Decision(Kind.FIRE, null, false);
        static final Decision FIRE_LAST = new Decision(Kind.FIRE, null, true);
    }

    private FireDecision() {
    }

    /**
     * @param definition the schedule as now loaded; null once it is gone
     * @param state      its trigger state, with what this transaction already wrote of it
     * @param item       the scheduled time, with the skip reason it was planned with, if any
     * @param runs       whether a run has its final result
     */
    static Decision decide(ScheduleDefinition definition, TriggerState state, Planned item, RunView runs) {
        if (definition == null || definition.paused()) {
            return Decision.NONE;
        }
        if (state.lastScheduledAt() != null && !item.scheduledAt().isAfter(state.lastScheduledAt())) {
            return Decision.NONE;
        }
        boolean last = MisfirePlanner.exhaustedAfter(definition.trigger(), item.scheduledAt());
        if (item.skipReason() != null) {
            return new Decision(Kind.SKIP, item.skipReason(), last);
        }
        if (definition.concurrency() == ConcurrencyPolicy.FORBID && state.lastEventId() != null
                && !runs.hasEnded(state.lastEventId())) {
            return new Decision(Kind.SKIP, SkipReason.CONCURRENCY_FORBID, last);
        }
        return last ? Decision.FIRE_LAST : Decision.FIRE;
    }
}

package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.RunDeadline;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TimeBounds;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.TriggerState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a fixed-delay schedule's next time is decided: each one {@code fixedDelayMs} after its last
 * run's end as read from the run-ends topic, or after that run's {@link RunDeadline} when no end
 * comes. The time is worked out from committed records only (the trigger state's last event id, the
 * run end), so an instance taking over works out the same one, and the fire, written with its trigger
 * state in one transaction, happens once. A time past the trigger's {@code endAt} is planned as a skip
 * ({@link SkipReason#ENDED}), which ends the chain and completes the schedule. Used by the firing
 * loop's thread only.
 */
final class FixedDelayChains {

    private final NextFireIndex index;
    private final PendingWork pending;
    /** Owned fixed-delay schedules whose last run has not been seen to end; may hold some no longer so. */
    private final Set<String> waitingForEnd = new HashSet<>();

    FixedDelayChains(NextFireIndex index, PendingWork pending) {
        this.index = index;
        this.pending = pending;
    }

    static boolean isFixedDelay(ScheduleDefinition definition) {
        return definition.trigger() instanceof Trigger.FixedDelay;
    }

    /**
     * Loads a fixed-delay schedule: one that never fired fires at its {@code startAt}, or at once
     * from when it was written; one that did waits for its last run's end.
     */
    void load(Owned schedule, Instant now) {
        TriggerState state = schedule.committed;
        if (ended(schedule)) {
            index.unschedule(schedule);
            return;
        }
        // a last run without its time (any producer can write the topic) is as good as none
        if (state.lastEventId() != null && state.lastScheduledAt() != null) {
            index.unschedule(schedule);
            waitingForEnd.add(schedule.definition.id());
            return;
        }
        Trigger.FixedDelay trigger = (Trigger.FixedDelay) schedule.definition.trigger();
        Instant first = (trigger.startAt() != null ? trigger.startAt() : schedule.definedAt).truncatedTo(ChronoUnit.MILLIS);
        if (state.lastScheduledAt() != null && !first.isAfter(state.lastScheduledAt())) {
            first = state.lastScheduledAt().plusMillis(1);
        }
        timeOrPlan(schedule, first, now);
    }

    /** After a commit: each fixed-delay schedule that fired waits for that run's end. */
    void committed(Map<String, Owned> schedules, Set<String> ids) {
        for (String id : ids) {
            Owned schedule = schedules.get(id);
            if (schedule != null && isFixedDelay(schedule.definition) && !ended(schedule)) {
                waitingForEnd.add(id);
            }
        }
    }

    /** Times the next fire of each waiting schedule whose last run has ended (or is past its deadline). */
    void planNextTimes(Map<String, Owned> schedules, RunView runs, Instant now) {
        if (waitingForEnd.isEmpty()) {
            return;
        }
        waitingForEnd.removeIf(id -> {
            Owned schedule = schedules.get(id);
            if (schedule == null || !isFixedDelay(schedule.definition) || schedule.definition.paused() || ended(schedule)) {
                return true;
            }
            Instant next = nextTime(schedule.definition, schedule.committed, runs, now);
            if (next == null) {
                return false;
            }
            timeOrPlan(schedule, next, now);
            return true;
        });
    }

    /**
     * The fire after the last run of {@code definition}: the delay after that run's end, or after its
     * deadline once that has passed without an end; null while the run is open within its deadline.
     * Never at or before the last time written, so a clock's step back cannot repeat one.
     */
    static Instant nextTime(ScheduleDefinition definition, TriggerState state, RunView runs, Instant now) {
        Instant ended = runs.endedAt(definition.id(), state.lastEventId());
        if (ended == null) {
            Instant firedAt = state.lastFiredAt() != null && TimeBounds.contains(state.lastFiredAt())
                    ? state.lastFiredAt() : state.lastScheduledAt();
            Instant deadline = firedAt.plus(RunDeadline.of(definition));
            if (now.isBefore(deadline)) {
                return null;
            }
            ended = deadline;
        }
        // whole milliseconds, as every scheduled time: the event id holds the epoch millisecond, and an
        // instance that restored the state from its record must work out the same instant
        Instant next = ended.plusMillis(((Trigger.FixedDelay) definition.trigger()).fixedDelayMs()).truncatedTo(ChronoUnit.MILLIS);
        return next.isAfter(state.lastScheduledAt()) ? next : state.lastScheduledAt().plusMillis(1);
    }

    /**
     * Whether the chain is over: its last time decided (fired, or skipped as {@link SkipReason#ENDED})
     * leaves no time before the trigger's {@code endAt}.
     */
    private static boolean ended(Owned schedule) {
        Instant last = schedule.committed.lastScheduledAt();
        return last != null && !FireTimes.hasTimeAfter(schedule.definition.trigger(), last);
    }

    /**
     * A time past the trigger's end is skipped at once, ending the chain; one already due goes into
     * the next transaction; a later one is timed.
     */
    private void timeOrPlan(Owned schedule, Instant time, Instant now) {
        if (((Trigger.FixedDelay) schedule.definition.trigger()).endedBy(time)) {
            index.unschedule(schedule);
            pending.plan(Planned.skip(schedule.definition.id(), time, SkipReason.ENDED));
        } else if (time.isAfter(now)) {
            index.scheduleAt(schedule, time, now);
        } else {
            index.unschedule(schedule);
            pending.plan(Planned.fire(schedule.definition.id(), time));
        }
    }
}

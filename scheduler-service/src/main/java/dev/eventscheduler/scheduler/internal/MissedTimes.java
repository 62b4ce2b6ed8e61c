package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.Jitter;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.scheduler.SchedulerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a schedule's unfired times become when it is loaded (a restart, a take-over, a resume, an
 * edit): planned by {@link MisfirePlanner} from its committed state, under its catch-up window or
 * the scheduler's misfire threshold, into the {@link PendingWork} as fires and skips. Used by the
 * firing loop's thread only.
 */
final class MissedTimes {

    private static final Logger log = LoggerFactory.getLogger(MissedTimes.class);

    private final SchedulerSettings settings;
    private final PendingWork pending;

    MissedTimes(SchedulerSettings settings, PendingWork pending) {
        this.settings = settings;
        this.pending = pending;
    }

    /** Plans the schedule's missed times into the pending work; returns the next time to time (null: none). */
    Instant plan(Owned schedule, Instant now) {
        String id = schedule.definition.id();
        Long window = schedule.definition.catchUpWindowMs();
        Instant lateAfter = now.minus(window != null ? Duration.ofMillis(window) : settings.misfireThreshold());
        if (schedule.resumedAt != null && schedule.resumedAt.isAfter(lateAfter)) {
            lateAfter = schedule.resumedAt;
        }
        MisfirePlanner.Plan plan = MisfirePlanner.plan(schedule.definition, schedule.committed.lastScheduledAt(),
                schedule.definedAt, now, lateAfter);
        if (plan.unreportedSkips() > 0 || plan.moreThanScanned()) {
            pending.plan(Planned.summary(id, plan.firstSkipped(), plan.unreportedSkips(), plan.moreThanScanned()));
        }
        String reason = switch (schedule.definition.misfirePolicy()) {
            case SKIP -> SkipReason.MISFIRE_SKIP;
            case FIRE_ONCE -> SkipReason.MISFIRE_FIRE_ONCE;
            case FIRE_ALL -> SkipReason.FIRE_ALL_CAP;
        };
        plan.skip().forEach(time -> pending.plan(Planned.skip(id, time, reason)));
        List<Instant> fire = plan.fire();
        Instant next = plan.next();
        if (!fire.isEmpty() && Jitter.dueAt(schedule.definition, fire.get(fire.size() - 1)).isAfter(now)) {
            // the latest time's jittered instant is still to come: it fires then, as it would have on
            // the instance that timed it (an earlier one's is before that time, so it has passed)
            next = fire.get(fire.size() - 1);
            fire = fire.subList(0, fire.size() - 1);
        }
        fire.forEach(time -> pending.plan(Planned.fire(id, time)));
        logPlan(schedule, plan);
        return next;
    }

    private static void logPlan(Owned schedule, MisfirePlanner.Plan plan) {
        String id = schedule.definition.id();
        if (!plan.late()) {
            log.info("schedule={} missed {}{} times since {}: firing {}, skipping {}", id,
                    plan.moreThanScanned() ? "more than " : "", plan.fire().size() + plan.skip().size() + plan.unreportedSkips(),
                    schedule.committed.lastScheduledAt(), plan.fire().size(), plan.skip().size() + plan.unreportedSkips());
        } else if (!plan.fire().isEmpty()) {
            // a take-over or a restart within the threshold: as ordinary as a fire Quartz delays under load
            log.debug("schedule={} {} times late since {}: firing them all", id, plan.fire().size(),
                    schedule.committed.lastScheduledAt());
        }
    }
}

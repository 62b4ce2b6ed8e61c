package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.BackfillProgress;
import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TriggerState;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where backfills are carried out: each owned schedule whose definition asks for a backfill its
 * trigger state does not show done gives each transaction its next times, at most
 * {@value #PER_TRANSACTION} in all, picked up from the last time its committed state says fired. A
 * failed transaction or a take-over therefore goes on from what was committed, and the decision
 * ({@link FireDecision#decideBackfill}) writes no time twice. Used by the firing loop's thread only.
 */
final class BackfillRuns {

    /** The most backfill times one transaction takes, so a backfill of 100,000 does not crowd out the due fires. */
    static final int PER_TRANSACTION = 500;

    /** Owned schedules with a backfill to go on with, in the order they were asked for. */
    private final Set<String> active = new LinkedHashSet<>();

    /** Whether {@code definition} asks for a backfill that {@code state} does not show done. */
    static boolean unfinished(ScheduleDefinition definition, TriggerState state) {
        return definition.backfill() != null && !definition.backfill().doneBy(state.backfill());
    }

    /** Notes a schedule loaded (or loaded again): it goes on with its backfill if one is unfinished. */
    void load(Owned schedule) {
        if (unfinished(schedule.definition, schedule.committed)) {
            active.add(schedule.definition.id());
        }
    }

    boolean isEmpty() {
        return active.isEmpty();
    }

    /** Adds to {@code work} the next times of the active backfills, up to {@value #PER_TRANSACTION}. */
    void take(Map<String, Owned> owned, List<Planned> work) {
        int budget = PER_TRANSACTION;
        for (Iterator<String> ids = active.iterator(); ids.hasNext() && budget > 0; ) {
            Owned schedule = owned.get(ids.next());
            if (schedule == null || !unfinished(schedule.definition, schedule.committed)) {
                ids.remove();
                continue;
            }
            if (schedule.definition.paused()) {
                continue; // it goes on when resumed
            }
            List<Instant> times = nextTimes(schedule.definition, schedule.committed.backfill(), budget);
            if (times.isEmpty()) {
                ids.remove(); // a range with no time left that was never marked done: nothing to fire
                continue;
            }
            String backfillId = schedule.definition.backfill().id();
            times.forEach(time -> work.add(Planned.backfill(schedule.definition.id(), time, backfillId)));
            budget -= times.size();
        }
    }

    /** The next times of the schedule's backfill after what {@code progress} shows fired, at most {@code limit}. */
    private static List<Instant> nextTimes(ScheduleDefinition definition, BackfillProgress progress, int limit) {
        Backfill backfill = definition.backfill();
        BackfillProgress own = backfill.progressIn(progress);
        Instant after = own != null ? own.lastTime() : backfill.from().minusMillis(1);
        long left = Backfill.MAX_TIMES - (own != null ? own.decided() : 0);
        // [from, to): times are whole milliseconds, so to's last millisecond is the last one included
        return FireTimes.between(definition.trigger(), after, backfill.to().minusMillis(1), (int) Math.min(limit, left)).times();
    }

    /** After a commit: the schedules it wrote go on with their backfills if they have one unfinished. */
    void committed(Map<String, Owned> owned, Collection<String> ids) {
        for (String id : ids) {
            Owned schedule = owned.get(id);
            if (schedule != null && unfinished(schedule.definition, schedule.committed)) {
                active.add(id);
            }
        }
    }
}

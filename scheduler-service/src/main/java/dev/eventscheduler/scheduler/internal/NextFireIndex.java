package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.Jitter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Where each owned schedule's next time waits until it is due. Times beyond the horizon wait in a
 * compact queue ordered by time, so a million schedules do not each cost a Quartz trigger (see
 * {@code docs/next-fire-index.md}). Times within it are grouped by instant: Quartz times each instant
 * once, however many schedules are due then, and the index says which ones they are when it comes
 * due (see {@code docs/instant-timings.md}). Used by the firing loop's thread only.
 */
final class NextFireIndex {

    private final TriggerEngine engine;
    private final Duration horizon;
    /** Times beyond the horizon, soonest first; entries a schedule no longer waits for are dropped at the head. */
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>();
    /** The instants Quartz is timing, with the schedules due at each. */
    private final Map<Instant, Timing> timedAt = new HashMap<>();
    /** The same timings by their Quartz name, which is what comes back when one is due. */
    private final Map<String, Timing> timedByName = new HashMap<>();

    NextFireIndex(TriggerEngine engine, Duration horizon) {
        this.engine = engine;
        this.horizon = horizon;
    }

    /**
     * Times {@code schedule} at {@code next} (null: never again), replacing its earlier timing: it
     * comes due at {@code next}, or later by its {@link Jitter}.
     */
    void scheduleAt(Owned schedule, Instant next, Instant now) {
        unschedule(schedule);
        schedule.next = next;
        if (next == null) {
            return;
        }
        schedule.due = Jitter.dueAt(schedule.definition, next);
        if (withinHorizon(schedule.due, now)) {
            toQuartz(schedule);
        } else {
            waiting.add(new Waiting(schedule.due, schedule));
        }
    }

    /** Stops timing {@code schedule}: it does not fire until timed again. */
    void unschedule(Owned schedule) {
        if (schedule.inQuartz) {
            // absent when its timing already came due: the fire is on its way, and fired() times the next
            Timing timing = timedAt.get(schedule.due);
            if (timing != null && timing.schedules.remove(schedule) && timing.schedules.isEmpty()) {
                engine.unschedule(timing.name);
                timedAt.remove(timing.at);
                timedByName.remove(timing.name);
            }
            schedule.inQuartz = false;
        }
        schedule.next = null;
        schedule.due = null;
    }

    /**
     * The fires of the timings Quartz found due, given by name: each schedule still timed at a due
     * instant, in the order it was timed. A name whose schedules were all re-timed since gives none.
     */
    List<Fire> due(Collection<String> names) {
        List<Fire> fires = new ArrayList<>();
        for (String name : names) {
            Timing timing = timedByName.remove(name);
            if (timing != null) {
                timedAt.remove(timing.at);
                for (Owned schedule : timing.schedules) {
                    fires.add(new Fire(schedule.definition.id(), schedule.next));
                }
            }
        }
        return fires;
    }

    /**
     * After {@code scheduledAt} of {@code schedule} was taken: whether that was the time it was timed
     * for. A fire of a timing since replaced is not, and changes nothing.
     */
    boolean isScheduledAt(Owned schedule, Instant scheduledAt) {
        return scheduledAt.equals(schedule.next);
    }

    /**
     * After the time {@code schedule} was timed for was taken ({@link #isScheduledAt}): times {@code next},
     * the time after it or a later one (null: none).
     */
    void fired(Owned schedule, Instant next, Instant now) {
        // its timing came due and was taken, so there is nothing to remove from
        schedule.inQuartz = false;
        scheduleAt(schedule, next, now);
    }

    /** Hands Quartz every waiting time that has come within the horizon; returns how many. */
    int advance(Instant now) {
        int moved = 0;
        while (!waiting.isEmpty() && withinHorizon(waiting.peek().at, now)) {
            Waiting head = waiting.poll();
            Owned schedule = head.schedule;
            if (!schedule.inQuartz && head.at.equals(schedule.due)) {
                toQuartz(schedule);
                moved++;
            }
        }
        return moved;
    }

    /**
     * Hands Quartz the instants timed since the last call, in one batch, so the soonest comes due
     * first whatever order they were timed in. The firing loop calls it in each turn before its
     * commit and again after it; an instant timed and not yet submitted does not come due.
     */
    void submit() {
        engine.submit();
    }

    /** How many distinct instants Quartz is timing for this index. */
    int timings() {
        return timedAt.size();
    }

    /** Joins the timing of the instant the schedule's next time is due, asking Quartz for one when it is the first due then. */
    private void toQuartz(Owned schedule) {
        Timing timing = timedAt.get(schedule.due);
        if (timing == null) {
            timing = new Timing(schedule.due, engine.scheduleAt(schedule.due), new LinkedHashSet<>());
            timedAt.put(timing.at, timing);
            timedByName.put(timing.name, timing);
        }
        timing.schedules.add(schedule);
        schedule.inQuartz = true;
    }

    /** Compared as instants, which cannot overflow as epoch milliseconds of far times would. */
    private boolean withinHorizon(Instant time, Instant now) {
        return !time.isAfter(now.plus(horizon));
    }

    /** One Quartz trigger at {@code at}, and the schedules due then. */
    private record Timing(Instant at, String name, Set<Owned> schedules) {
    }

    /** A schedule waiting for {@code at}, when its next time is due; stale once that is another. */
    private record Waiting(Instant at, Owned schedule) implements Comparable<Waiting> {
        @Override
        public int compareTo(Waiting other) {
            return at.compareTo(other.at);
        }
    }
}

package dev.eventscheduler.scheduler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Where each owned schedule's next time waits until it is near: Quartz gets a one-shot trigger for
 * the times within the horizon, and every later time waits in a compact queue ordered by time, so a
 * million schedules do not each cost a Quartz trigger (see {@code docs/next-fire-index.md}).
 * Used by the firing loop's thread only.
 */
final class NextFireIndex {

    private final TriggerEngine engine;
    private final Duration horizon;
    /** Times beyond the horizon, soonest first; entries a schedule no longer waits for are dropped at the head. */
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>();

    NextFireIndex(TriggerEngine engine, Duration horizon) {
        this.engine = engine;
        this.horizon = horizon;
    }

    /** Times {@code schedule} at {@code next} (null: never again), replacing its earlier timing. */
    void time(Owned schedule, Instant next, Instant now) {
        untime(schedule);
        schedule.next = next;
        if (next == null) {
            return;
        }
        if (withinHorizon(next, now)) {
            toQuartz(schedule);
        } else {
            waiting.add(new Waiting(next, schedule));
        }
    }

    /** Stops timing {@code schedule}: it does not fire until timed again. */
    void untime(Owned schedule) {
        if (schedule.inQuartz) {
            engine.untime(schedule.definition.id(), schedule.next);
            schedule.inQuartz = false;
        }
        schedule.next = null;
    }

    /**
     * After {@code scheduledAt} of {@code schedule} committed: when that was the time it was timed for,
     * times the one after it. A fire of a timing since replaced changes nothing.
     */
    void fired(Owned schedule, Instant scheduledAt, Instant now) {
        if (scheduledAt.equals(schedule.next)) {
            // the one-shot trigger removed itself when it fired
            schedule.inQuartz = false;
            time(schedule, FireTimes.nextAfter(schedule.definition.trigger(), scheduledAt), now);
        }
    }

    /** Hands Quartz every waiting time that has come within the horizon; returns how many. */
    int advance(Instant now) {
        int moved = 0;
        while (!waiting.isEmpty() && withinHorizon(waiting.peek().at, now)) {
            Waiting head = waiting.poll();
            Owned schedule = head.schedule;
            if (!schedule.inQuartz && head.at.equals(schedule.next)) {
                toQuartz(schedule);
                moved++;
            }
        }
        return moved;
    }

    private void toQuartz(Owned schedule) {
        engine.time(schedule.definition.id(), schedule.next);
        schedule.inQuartz = true;
    }

    private boolean withinHorizon(Instant time, Instant now) {
        return time.toEpochMilli() - now.toEpochMilli() <= horizon.toMillis();
    }

    /** A schedule waiting for {@code at}; stale once the schedule's next time is another. */
    private record Waiting(Instant at, Owned schedule) implements Comparable<Waiting> {
        @Override
        public int compareTo(Waiting other) {
            return at.compareTo(other.at);
        }
    }
}

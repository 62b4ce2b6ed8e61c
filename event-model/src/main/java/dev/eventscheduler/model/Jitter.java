package dev.eventscheduler.model;

import java.time.Instant;

/**
 * When a fire of a schedule with {@link ScheduleDefinition#jitterMs} is due: its scheduled time
 * plus a delay below the jitter and below the gap to the trigger's next time, so fires stay in
 * order. The delay is a hash of the schedule id and the scheduled time, not a random draw: every
 * instance works out the same instant for the same time, so a take-over or a transaction retried
 * fires it then, and the event id (from the scheduled time) keeps it exactly once. The hash is
 * {@link String#hashCode} (fixed by the Java language) mixed by SplitMix64's finaliser, so it is the
 * same on every JVM and spreads neighbouring times and ids evenly.
 */
public final class Jitter {

    private Jitter() {
    }

    /** When {@code definition}'s time {@code scheduledAt} is due: {@code scheduledAt} itself without jitter. */
    public static Instant dueAt(ScheduleDefinition definition, Instant scheduledAt) {
        Long jitterMs = definition.jitterMs();
        if (jitterMs == null || jitterMs <= 0) {
            return scheduledAt;
        }
        long bound = jitterMs;
        Instant next = FireTimes.nextAfter(definition.trigger(), scheduledAt);
        if (next != null) {
            // times are whole milliseconds apart, at least one: the delay stays below the next one
            bound = Math.min(bound, next.toEpochMilli() - scheduledAt.toEpochMilli());
        }
        return scheduledAt.plusMillis(delayMs(definition.id(), scheduledAt, bound));
    }

    /** A delay in {@code [0, boundMs)} from {@code scheduleId} and {@code scheduledAt}; 0 when the bound is not positive. */
    static long delayMs(String scheduleId, Instant scheduledAt, long boundMs) {
        if (boundMs <= 1) {
            return 0;
        }
        return Math.floorMod(mix(scheduleId.hashCode() * 0x9E3779B97F4A7C15L + scheduledAt.toEpochMilli()), boundMs);
    }

    /** SplitMix64's finaliser: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

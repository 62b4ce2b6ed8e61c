package dev.eventscheduler.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The instants and intervals the system accepts anywhere: in REST bodies, through the Java client
 * and in records read from any topic. Inside these bounds every sum of an instant and an interval
 * fits a {@code long} of epoch milliseconds, so fire-time arithmetic cannot overflow, and every
 * instant is written with a four-digit year. Validation refuses anything outside them, naming the
 * field; the scheduler's arithmetic treats a time past {@link #LATEST} as "no more times".
 */
public final class TimeBounds {

    /** The earliest instant accepted: the Unix epoch, as Kafka's record timestamps start there. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The latest instant accepted: the last millisecond of year 9999. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    /**
     * The shortest interval between fires of one schedule: 10 ms, 100 fires a second. Shorter ones
     * would fire faster than the firing loop turns (every 5 ms by default) and scan thousands of
     * missed times a second after a restart.
     */
    public static final long MIN_INTERVAL_MS = 10;
    /** The longest interval between fires: 100 years of 365 days. */
    public static final long MAX_INTERVAL_MS = Duration.ofDays(36_500).toMillis();

    private TimeBounds() {
    }

    /** Whether {@code instant} lies within {@link #EARLIEST} and {@link #LATEST}, both included. */
    public static boolean contains(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}

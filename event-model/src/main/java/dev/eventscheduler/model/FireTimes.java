package dev.eventscheduler.model;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a trigger fires, as pure arithmetic on instants (a union of specs: the soonest of theirs): the same answer on every instance, so any
 * instance can work out what was missed from a committed trigger state. Cron expressions are Quartz's
 * own, placed in their time zone as {@link ZonedCron} defines across daylight saving time; an
 * interval without {@code startAt} is aligned to the epoch (every 10 s fires at :00, :10, ...), so
 * its times do not depend on when or where it was loaded.
 */
public final class FireTimes {

    /** The first window {@link #latest} lists back from its end; it doubles until it holds enough times. */
    static final long FIRST_WINDOW_MS = 1_000;

    private FireTimes() {
    }

    /**
     * The first scheduled time strictly after {@code after}, or null when the trigger has no more,
     * or, for a {@link Trigger.FixedDelay}, none known yet (see {@link #hasTimeAfter}).
     */
    public static Instant nextAfter(Trigger trigger, Instant after) {
        if (!after.isBefore(TimeBounds.LATEST)) {
            return null;
        }
        if (after.isBefore(TimeBounds.EARLIEST)) {
            after = TimeBounds.EARLIEST.minusMillis(1);
        }
        if (trigger instanceof Trigger.Cron cron) {
            CronExpressions.WallClockCron parsed = cronExpression(cron);
            Instant next = ZonedCron.nextAfter(parsed.expression(), parsed.zone(), after);
            boolean ended = next != null && cron.endAt() != null && next.isAfter(cron.endAt());
            return next == null || ended || next.isAfter(TimeBounds.LATEST) ? null : next;
        }
        if (trigger instanceof Trigger.Interval interval) {
            return intervalNextAfter(interval, after);
        }
        if (trigger instanceof Trigger.Union union) {
            return unionNextAfter(union, after);
        }
        if (trigger instanceof Trigger.FixedDelay fixedDelay) {
            // only its first time is known in advance; each later one waits for a run's end
            Instant start = fixedDelay.startAt();
            return start != null && start.isAfter(after) && !fixedDelay.endedBy(start) ? start : null;
        }
        Instant at = ((Trigger.OneShot) trigger).at();
        return at.isAfter(after) ? at : null;
    }

    /** The soonest next time of any spec: a time several specs share is one time. */
    private static Instant unionNextAfter(Trigger.Union union, Instant after) {
        Instant soonest = null;
        for (Trigger spec : union.specs()) {
            // validation keeps specs to crons and intervals; a nested union would only recurse once more
            Instant next = nextAfter(spec, after);
            if (next != null && (soonest == null || next.isBefore(soonest))) {
                soonest = next;
            }
        }
        return soonest;
    }

    /**
     * Checked arithmetic: validation keeps instants and intervals within {@link TimeBounds}, where
     * nothing overflows, and a definition that slipped past it has no next time rather than a wrong one.
     */
    private static Instant intervalNextAfter(Trigger.Interval interval, Instant after) {
        long step = interval.intervalMs();
        if (step <= 0) {
            return null;
        }
        try {
            long anchor = interval.startAt() == null ? 0 : interval.startAt().toEpochMilli();
            long afterMs = after.toEpochMilli();
            long next = afterMs < anchor ? anchor
                    : Math.addExact(anchor, Math.multiplyExact(Math.floorDiv(Math.subtractExact(afterMs, anchor), step) + 1, step));
            Instant nextTime = Instant.ofEpochMilli(next);
            boolean ended = interval.endAt() != null && nextTime.isAfter(interval.endAt());
            return ended || nextTime.isAfter(TimeBounds.LATEST) ? null : nextTime;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /**
     * Whether the trigger may have a time after {@code after}: a fixed delay, whose times follow its
     * runs' ends, unless its time {@code after} plus the delay (the soonest the next can be, as that
     * run ends after it) is past its {@code endAt}; any other trigger when {@link #nextAfter} has one.
     */
    public static boolean hasTimeAfter(Trigger trigger, Instant after) {
        if (trigger instanceof Trigger.FixedDelay fixedDelay) {
            // past the last instant nothing follows, and the sum could leave Instant's range
            return after.isBefore(TimeBounds.LATEST) && !fixedDelay.endedBy(after.plusMillis(fixedDelay.fixedDelayMs()));
        }
        return nextAfter(trigger, after) != null;
    }

    /** Up to {@code limit} scheduled times after {@code from}, in order. */
    public static List<Instant> next(Trigger trigger, Instant from, int limit) {
        List<Instant> times = new ArrayList<>();
        Instant time = nextAfter(trigger, from);
        while (time != null && times.size() < limit) {
            times.add(time);
            time = nextAfter(trigger, time);
        }
        return times;
    }

    /**
     * The scheduled times in {@code (fromExclusive, toInclusive]}, in order, at most {@code limit};
     * {@link Span#more()} says whether there were more.
     */
    public static Span between(Trigger trigger, Instant fromExclusive, Instant toInclusive, int limit) {
        List<Instant> times = new ArrayList<>();
        Instant time = nextAfter(trigger, fromExclusive);
        while (time != null && !time.isAfter(toInclusive)) {
            if (times.size() == limit) {
                return new Span(times, true);
            }
            times.add(time);
            time = nextAfter(trigger, time);
        }
        return new Span(times, false);
    }

    /**
     * The latest {@code count} scheduled times in {@code (fromExclusive, toInclusive]}, in order; all of
     * them when there are fewer. A cron expression has no way back from a time, so this lists windows
     * that end at {@code toInclusive}: doubling one until it holds {@code count} times or reaches
     * {@code fromExclusive}, and halving the step when one holds more than {@code scanLimit}. Each
     * listing stops at {@code scanLimit} times, so the work stays bounded however long the span (a
     * schedule idle for a year). {@code count} must not exceed {@code scanLimit}.
     */
    public static List<Instant> latest(Trigger trigger, Instant fromExclusive, Instant toInclusive, int count, int scanLimit) {
        if (count > scanLimit) {
            throw new IllegalArgumentException("count " + count + " exceeds scanLimit " + scanLimit);
        }
        long span = toInclusive.toEpochMilli() - fromExclusive.toEpochMilli();
        if (span <= 0 || count <= 0) {
            return List.of();
        }
        long fewer = 0;                  // a window known to hold fewer than count times
        long tooMany = Long.MAX_VALUE;   // a window known to hold more than scanLimit
        long window = Math.min(span, FIRST_WINDOW_MS);
        while (true) {
            Span listed = between(trigger, toInclusive.minusMillis(window), toInclusive, scanLimit);
            List<Instant> times = listed.times();
            if (listed.more()) {
                tooMany = window;
            } else if (times.size() >= count || window == span) {
                return times.subList(Math.max(0, times.size() - count), times.size());
            } else {
                fewer = window;
            }
            // times are at least 1 ms apart, so fewer and tooMany differ by 2 ms or more: the halving ends
            window = tooMany == Long.MAX_VALUE ? Math.min(span, window * 2) : fewer + (tooMany - fewer) / 2;
        }
    }

    /** Scheduled times in a window, and whether the window held more than were listed. */
    public record Span(List<Instant> times, boolean more) {
    }

    /** The parsed expression and zone, shared with every other schedule of the same text and zone. */
    static CronExpressions.WallClockCron cronExpression(Trigger.Cron cron) {
        try {
            return CronExpressions.parse(cron);
        } catch (ParseException e) {
            // definitions are validated before they are accepted; one that slipped through fires never
            throw new IllegalArgumentException("invalid cron expression '" + cron.cron() + "': " + e.getMessage(), e);
        }
    }
}

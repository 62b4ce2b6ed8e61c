package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.CronExpressions;
import dev.eventscheduler.model.Trigger;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.quartz.CronExpression;

/**
 * When a trigger fires, as pure arithmetic on instants: the same answer on every instance, so any
 * instance can work out what was missed from a committed trigger state. Cron expressions are Quartz's
 * own; an interval without {@code startAt} is aligned to the epoch (every 10 s fires at :00, :10, ...),
 * so its times do not depend on when or where it was loaded.
 */
public final class FireTimes {

    private FireTimes() {
    }

    /** The first scheduled time strictly after {@code after}, or null when the trigger has no more. */
    public static Instant nextAfter(Trigger trigger, Instant after) {
        if (trigger instanceof Trigger.Cron cron) {
            Date next = cronExpression(cron).getNextValidTimeAfter(Date.from(after));
            return next == null ? null : next.toInstant();
        }
        if (trigger instanceof Trigger.Interval interval) {
            long anchor = interval.startAt() == null ? 0 : interval.startAt().toEpochMilli();
            long afterMs = after.toEpochMilli();
            long next = afterMs < anchor ? anchor
                    : anchor + (Math.floorDiv(afterMs - anchor, interval.intervalMs()) + 1) * interval.intervalMs();
            Instant nextTime = Instant.ofEpochMilli(next);
            return interval.endAt() != null && nextTime.isAfter(interval.endAt()) ? null : nextTime;
        }
        Instant at = ((Trigger.OneShot) trigger).at();
        return at.isAfter(after) ? at : null;
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

    /** Scheduled times in a window, and whether the window held more than were listed. */
    public record Span(List<Instant> times, boolean more) {
    }

    /** The schedule's parsed expression, shared with every other schedule of the same text and zone. */
    static CronExpression cronExpression(Trigger.Cron cron) {
        try {
            return CronExpressions.parse(cron);
        } catch (ParseException e) {
            // definitions are validated before they are accepted; one that slipped through fires never
            throw new IllegalArgumentException("invalid cron expression '" + cron.cron() + "': " + e.getMessage(), e);
        }
    }
}

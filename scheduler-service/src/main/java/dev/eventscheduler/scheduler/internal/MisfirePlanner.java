package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import java.time.Instant;
import java.util.List;

/**
 * What to do with the times a schedule missed while it was not loaded (restart, take-over, pause):
 * the misfire policy applied to the times between the last committed one and now.
 *
 * <ul>
 *   <li>{@code FIRE_ONCE}: the latest missed time fires now; the earlier ones are skipped.</li>
 *   <li>{@code SKIP}: every missed time is skipped.</li>
 *   <li>{@code FIRE_ALL}: the latest {@value MisfirePolicy#FIRE_ALL_CAP} fire now, in order; older ones are skipped.</li>
 * </ul>
 *
 * Skipped times are reported one by one up to {@value #MAX_SKIPS_REPORTED}; beyond that in one summary.
 * A schedule that never fired counts from the moment its definition was written, so a new or edited
 * schedule has nothing to catch up.
 */
public final class MisfirePlanner {

    /** The most missed times reported one by one per load; the rest are counted in one summary. */
    public static final int MAX_SKIPS_REPORTED = 100;
    /** The most missed times looked at per load, so a schedule idle for a year loads in bounded time. */
    static final int MAX_SCANNED = 10_000;

    private MisfirePlanner() {
    }

    /**
     * @param definition      the schedule
     * @param lastScheduledAt the last scheduled time fired or skipped, from the committed trigger state (null if none)
     * @param definedAt       when the definition was written (its record's timestamp)
     * @param now             the present
     */
    public static Plan plan(ScheduleDefinition definition, Instant lastScheduledAt, Instant definedAt, Instant now) {
        Instant from = lastScheduledAt == null || definedAt.isAfter(lastScheduledAt) ? definedAt : lastScheduledAt;
        FireTimes.Span missed = FireTimes.between(definition.trigger(), from, now, MAX_SCANNED);
        List<Instant> times = missed.times();
        int firing = switch (definition.misfirePolicy()) {
            case FIRE_ONCE -> Math.min(1, times.size());
            case SKIP -> 0;
            case FIRE_ALL -> Math.min(MisfirePolicy.FIRE_ALL_CAP, times.size());
        };
        List<Instant> fire = times.subList(times.size() - firing, times.size());
        List<Instant> skipped = times.subList(0, times.size() - firing);
        int reported = Math.min(MAX_SKIPS_REPORTED, skipped.size());
        List<Instant> reportedSkips = skipped.subList(skipped.size() - reported, skipped.size());
        long unreported = skipped.size() - reported;
        Instant next = FireTimes.nextAfter(definition.trigger(), now);
        return new Plan(List.copyOf(fire), List.copyOf(reportedSkips), unreported, missed.more(),
                skipped.isEmpty() ? null : skipped.get(0), next);
    }

    /** Whether the trigger has no time left after {@code after}: a one-shot that fired, an interval past its end. */
    public static boolean exhaustedAfter(Trigger trigger, Instant after) {
        return FireTimes.nextAfter(trigger, after) == null;
    }

    /**
     * @param fire             missed times to fire now, in order
     * @param skip             missed times to report as skipped, one result each, in order
     * @param unreportedSkips  older skipped times counted only in a summary
     * @param moreThanScanned  true when more times were missed than were looked at
     * @param firstSkipped     the oldest skipped time, for the summary (null if none)
     * @param next             the first time after now, where the timing engine takes over (null: none left)
     */
    public record Plan(List<Instant> fire, List<Instant> skip, long unreportedSkips, boolean moreThanScanned,
                       Instant firstSkipped, Instant next) {
    }
}

package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do with the times a schedule did not fire while it was not loaded (restart, take-over,
 * pause, an aborted transaction): the times between the last committed one and now.
 *
 * <p>As in Quartz, whether they are late or missed depends on the oldest of them. If it is more
 * recent than {@code lateAfter} (the scheduler passes now minus its misfire threshold), they are late:
 * every one fires, in order, whatever the policy, as a fire Quartz delays under load would. Otherwise
 * they are missed, and the misfire policy decides them all:
 *
 * <ul>
 *   <li>{@code FIRE_ONCE}: the latest missed time fires now; the earlier ones are skipped.</li>
 *   <li>{@code SKIP}: every missed time is skipped.</li>
 *   <li>{@code FIRE_ALL}: the latest {@value MisfirePolicy#FIRE_ALL_CAP} fire now, in order; older ones are skipped.</li>
 * </ul>
 *
 * A schedule with a {@linkplain ScheduleDefinition#catchUpWindowMs catch-up window} is decided time by
 * time instead (Temporal's catch-up window): the caller passes now minus the window as {@code lateAfter};
 * every unfired time after it fires, in order, and only the older ones are missed, decided by the
 * policy as above, except that {@code FIRE_ONCE} fires none of them when a time within the window
 * fires (that fire brings the schedule up to date). At most the newest {@value #MAX_SCANNED} unfired
 * times are looked at; older ones are missed whatever the window.
 *
 * <p>A one-shot whose time had passed when it was written (and that never fired at or after that time)
 * counts as missed from that time, so the policy fires it at once or skips it with a result.
 *
 * <p>Skipped times are reported one by one up to {@value #MAX_SKIPS_REPORTED}, the newest; older ones in
 * one summary. A schedule that never fired counts from the moment its definition was written, so a new
 * or edited schedule has nothing to catch up from before it.
 */
final class MisfirePlanner {

    /** The most missed times reported one by one per load; the rest are counted in one summary. */
    public static final int MAX_SKIPS_REPORTED = 100;
    /**
     * The most times listed per load, so a schedule idle for a year loads in bounded time. More unfired
     * times than this are always missed, never late: a late catch-up fires every one of them.
     */
    static final int MAX_SCANNED = 10_000;

    private MisfirePlanner() {
    }

    /**
     * @param definition      the schedule
     * @param lastScheduledAt the last scheduled time fired or skipped, from the committed trigger state (null if none)
     * @param definedAt       when the definition was written (its record's timestamp)
     * @param now             the present
     * @param lateAfter       unfired times whose oldest is after this are late and all fire; from now minus the
     *                        misfire threshold, or later (a resume: the paused times are missed however recent)
     */
    public static Plan plan(ScheduleDefinition definition, Instant lastScheduledAt, Instant definedAt, Instant now,
                            Instant lateAfter) {
        Trigger trigger = definition.trigger();
        Instant from = lastScheduledAt == null || definedAt.isAfter(lastScheduledAt) ? definedAt : lastScheduledAt;
        if (trigger instanceof Trigger.OneShot oneShot && !oneShot.at().isAfter(from)
                && (lastScheduledAt == null || lastScheduledAt.isBefore(oneShot.at()))) {
            // a one-shot written for a time already past: missed, not dropped, so the misfire policy
            // fires it at once (as Quartz does) or skips it with a recorded result
            from = oneShot.at().minusNanos(1);
        }
        FireTimes.Span unfired = FireTimes.between(trigger, from, now, MAX_SCANNED);
        List<Instant> times = unfired.times();
        Instant next = FireTimes.nextAfter(trigger, now);
        if (times.isEmpty() || !unfired.more() && times.get(0).isAfter(lateAfter)) {
            return new Plan(List.copyOf(times), List.of(), 0, false, null, next, true);
        }
        if (definition.catchUpWindowMs() != null) {
            return planByTime(definition, unfired, from, now, lateAfter, next);
        }
        int firing = Math.min(times.size(), missedToFire(definition.misfirePolicy(), false));
        // the policy's times are the newest: past what was listed when there were more than that
        int newestNeeded = firing + MAX_SKIPS_REPORTED;
        List<Instant> newest = unfired.more() ? FireTimes.latest(trigger, from, now, newestNeeded, MAX_SCANNED)
                : times.subList(Math.max(0, times.size() - newestNeeded), times.size());
        List<Instant> fire = newest.subList(newest.size() - firing, newest.size());
        List<Instant> reportedSkips = newest.subList(0, newest.size() - firing);
        // with more than were listed, this is a lower bound ("more than"): there were at least MAX_SCANNED + 1
        long unreported = (unfired.more() ? MAX_SCANNED : times.size()) - newest.size();
        Instant firstSkipped = times.size() > firing ? times.get(0) : null;
        return new Plan(List.copyOf(fire), List.copyOf(reportedSkips), unreported, unfired.more(), firstSkipped, next,
                false);
    }

    /** How many of the newest missed times the policy fires; none under FIRE_ONCE once a later time fires anyway. */
    private static int missedToFire(MisfirePolicy policy, boolean laterTimesFire) {
        return switch (policy) {
            case FIRE_ONCE -> laterTimesFire ? 0 : 1;
            case SKIP -> 0;
            case FIRE_ALL -> MisfirePolicy.FIRE_ALL_CAP;
        };
    }

    /** A schedule with a catch-up window: every unfired time after {@code lateAfter} fires; the policy decides the older ones. */
    private static Plan planByTime(ScheduleDefinition definition, FireTimes.Span unfired, Instant from, Instant now,
                                   Instant lateAfter, Instant next) {
        List<Instant> newest = unfired.more() ? FireTimes.latest(definition.trigger(), from, now, MAX_SCANNED, MAX_SCANNED)
                : unfired.times();
        int firstLate = 0;
        while (firstLate < newest.size() && !newest.get(firstLate).isAfter(lateAfter)) {
            firstLate++;
        }
        List<Instant> late = newest.subList(firstLate, newest.size());
        List<Instant> missed = newest.subList(0, firstLate);
        int firing = Math.min(missed.size(), missedToFire(definition.misfirePolicy(), !late.isEmpty()));
        List<Instant> skipped = missed.subList(0, missed.size() - firing);
        List<Instant> reportedSkips = skipped.subList(Math.max(0, skipped.size() - MAX_SKIPS_REPORTED), skipped.size());
        List<Instant> fire = new ArrayList<>(missed.subList(missed.size() - firing, missed.size()));
        fire.addAll(late);
        // with more unfired times than were looked at, the oldest of them are missed too, and not counted
        Instant firstSkipped = unfired.more() ? unfired.times().get(0) : skipped.isEmpty() ? null : skipped.get(0);
        return new Plan(List.copyOf(fire), List.copyOf(reportedSkips), skipped.size() - reportedSkips.size(),
                unfired.more(), firstSkipped, next, false);
    }

    /**
     * Whether the trigger has no time left after {@code after}: a one-shot that fired, an interval past
     * its end; never a fixed delay, whose next time follows its run's end.
     */
    public static boolean exhaustedAfter(Trigger trigger, Instant after) {
        return !FireTimes.hasTimeAfter(trigger, after);
    }

    /**
     * @param fire             missed times to fire now, in order
     * @param skip             missed times to report as skipped, one result each, in order
     * @param unreportedSkips  older skipped times counted only in a summary
     * @param moreThanScanned  true when more times were missed than were looked at
     * @param firstSkipped     the oldest skipped time, for the summary (null if none)
     * @param next             the first time after now, where the timing engine takes over (null: none left)
     * @param late             true when no time was missed: every unfired time (if any) was late and fires
     */
    public record Plan(List<Instant> fire, List<Instant> skip, long unreportedSkips, boolean moreThanScanned,
                       Instant firstSkipped, Instant next, boolean late) {
    }
}

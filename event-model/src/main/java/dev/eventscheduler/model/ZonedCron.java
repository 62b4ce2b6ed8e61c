package dev.eventscheduler.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Date;
import org.quartz.CronExpression;

/**
 * A cron expression's times in a zone with daylight saving time, defined so that every wall-clock
 * time it names fires once, and in order:
 *
 * <ul>
 *   <li>a wall-clock time that occurs twice (the clocks go back) fires at its first occurrence, so
 *       {@code 0 30 2 * * ?} in Europe/Berlin fires at 02:30 CEST on 25 October 2026, not again at
 *       02:30 CET;</li>
 *   <li>a wall-clock time that does not occur (the clocks jump forward, or a day is skipped, as in
 *       Pacific/Apia on 30 December 2011) fires at the instant of the jump, once for all the times
 *       of the gap: 02:30 in Berlin on 29 March 2026 fires at 03:00 CEST.</li>
 * </ul>
 *
 * Quartz's own zone handling drops a time in the gap without a trace and fires a repeated time at
 * its second occurrence, losing the first hour's other times ({@code 0 0/30 * * * ?} in Berlin
 * goes from 01:30 CEST to 02:30 CET, 90 minutes). So the expression is evaluated here on wall-clock
 * times as if in UTC, where no time repeats or is missing, and each is then placed in the zone.
 * Placing is monotonic (a later wall-clock time never lands at an earlier instant), so the first
 * wall-clock time placed after an instant is that instant's next time.
 */
final class ZonedCron {

    /** Wall-clock times looked at per call; three suffice, as shown in {@link #nextAfter}. */
    private static final int MAX_STEPS = 1_000;

    private ZonedCron() {
    }

    /**
     * The first time of {@code wallClockCron} (parsed in UTC) in {@code zone} strictly after
     * {@code after}, or null when it has none.
     */
    static Instant nextAfter(CronExpression wallClockCron, ZoneId zone, Instant after) {
        ZoneRules rules = zone.getRules();
        // every wall-clock time up to after's own is placed at or before after, so the search starts there
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
        for (int step = 0; step < MAX_STEPS; step++) {
            Date next = wallClockCron.getNextValidTimeAfter(Date.from(cursor.toInstant(ZoneOffset.UTC)));
            if (next == null) {
                return null;
            }
            LocalDateTime wallClock = LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
            Instant placed = place(wallClock, rules);
            if (placed.isAfter(after)) {
                return placed;
            }
            // only a repeated hour's first occurrence lands at or before after, when after is in its
            // second one: none of that hour's wall-clock times is due again, so the search skips it
            ZoneOffsetTransition overlap = rules.getTransition(wallClock);
            cursor = overlap != null && overlap.isOverlap() && !after.isBefore(overlap.getInstant())
                    ? overlap.getDateTimeBefore().minusNanos(1_000_000) : wallClock;
        }
        return null;
    }

    /** The instant of a wall-clock time: its first occurrence when it repeats, the jump's when it is in a gap. */
    static Instant place(LocalDateTime wallClock, ZoneRules rules) {
        ZoneOffsetTransition transition = rules.getTransition(wallClock);
        if (transition == null) {
            return wallClock.toInstant(rules.getOffset(wallClock));
        }
        return transition.isGap() ? transition.getInstant() : wallClock.toInstant(transition.getOffsetBefore());
    }
}

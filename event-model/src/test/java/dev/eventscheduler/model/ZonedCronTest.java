package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Cron times across daylight saving time: every wall-clock time once, in order (see {@link ZonedCron}). */
class ZonedCronTest {

    @Test
    void aTimeInTheSpringForwardGapFiresOnceAtTheJump() {
        // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00Z); 02:30 does not exist
        assertThat(times("0 30 2 * * ?", "Europe/Berlin", "2026-03-28T12:00:00Z", 2))
                .containsExactly(at("2026-03-29T01:00:00Z"), at("2026-03-30T00:30:00Z"));
        // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00Z)
        assertThat(times("0 30 2 * * ?", "America/New_York", "2026-03-07T12:00:00Z", 2))
                .containsExactly(at("2026-03-08T07:00:00Z"), at("2026-03-09T06:30:00Z"));
        // Lord Howe, 4 October 2026: 02:00 +10:30 becomes 02:30 +11:00 (15:30Z), a half-hour gap
        assertThat(times("0 15 2 * * ?", "Australia/Lord_Howe", "2026-10-03T00:00:00Z", 2))
                .containsExactly(at("2026-10-03T15:30:00Z"), at("2026-10-04T15:15:00Z"));
    }

    @Test
    void aTimeInTheFallBackOverlapFiresOnceAtItsFirstOccurrence() {
        // Berlin, 25 October 2026: 02:30 comes at 00:30Z (CEST) and again at 01:30Z (CET)
        assertThat(times("0 30 2 * * ?", "Europe/Berlin", "2026-10-24T12:00:00Z", 2))
                .containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
        // New York, 1 November 2026: 01:30 at 05:30Z (EDT) and 06:30Z (EST)
        assertThat(times("0 30 1 * * ?", "America/New_York", "2026-10-31T12:00:00Z", 2))
                .containsExactly(at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z"));
        // Lord Howe, 5 April 2026: 02:00 +11:00 becomes 01:30 +10:30; 01:45 first at 14:45Z
        assertThat(times("0 45 1 * * ?", "Australia/Lord_Howe", "2026-04-04T00:00:00Z", 2))
                .containsExactly(at("2026-04-04T14:45:00Z"), at("2026-04-05T15:15:00Z"));
    }

    @Test
    void aCronEveryHalfHourFiresEachWallClockTimeOnceThroughTheRepeatedHour() {
        // Quartz alone goes from 01:30 CEST straight to 02:30 CET, 90 minutes, dropping 02:00 and 02:30 CEST
        assertThat(times("0 0/30 * * * ?", "Europe/Berlin", "2026-10-24T23:00:00Z", 6)).containsExactly(
                at("2026-10-24T23:30:00Z"), // 01:30 CEST
                at("2026-10-25T00:00:00Z"), // 02:00 CEST
                at("2026-10-25T00:30:00Z"), // 02:30 CEST
                at("2026-10-25T02:00:00Z"), // 03:00 CET: 02:00 and 02:30 CET were fired an hour before
                at("2026-10-25T02:30:00Z"),
                at("2026-10-25T03:00:00Z"));
        // asked from inside the repeated hour (02:10 CET), the next time is after it
        assertThat(times("0 0/30 * * * ?", "Europe/Berlin", "2026-10-25T01:10:00Z", 1)).containsExactly(at("2026-10-25T02:00:00Z"));
    }

    @Test
    void aSkippedDayFiresItsTimesOnceAtTheJump() {
        // Pacific/Apia left out 30 December 2011: 29 December 24:00 -10:00 became 31 December 00:00 +14:00
        assertThat(times("0 0 12 * * ?", "Pacific/Apia", "2011-12-28T23:00:00Z", 3)).containsExactly(
                at("2011-12-29T22:00:00Z"), // noon on the 29th, -10:00
                at("2011-12-30T10:00:00Z"), // noon on the 30th, a day that never was: at the jump
                at("2011-12-30T22:00:00Z")); // noon on the 31st, +14:00
    }

    @Test
    void lastDayNearestWeekdayNthAndLastWeekdayFieldsWorkInAZone() {
        // L: the last day of the month; W: the weekday nearest the 15th; 6#3: the third Friday
        assertThat(times("0 0 9 L * ?", "Europe/Berlin", "2026-02-01T00:00:00Z", 2))
                .containsExactly(at("2026-02-28T08:00:00Z"), at("2026-03-31T07:00:00Z"));
        assertThat(times("0 0 9 15W * ?", "America/New_York", "2026-08-01T00:00:00Z", 1))
                .containsExactly(at("2026-08-14T13:00:00Z")); // the 15th is a Saturday: Friday the 14th
        assertThat(times("0 0 9 ? * 6#3", "Europe/Berlin", "2026-12-01T00:00:00Z", 1))
                .containsExactly(at("2026-12-18T08:00:00Z"));
        assertThat(times("0 0 9 ? * 6L", "Europe/Berlin", "2026-12-01T00:00:00Z", 1))
                .containsExactly(at("2026-12-25T08:00:00Z")); // 6L: the last Friday
    }

    @Property(tries = 300)
    void everyWallClockTimeFiresOnceAndTimesOnlyGoForward(@ForAll("zones") String zone, @ForAll("crons") String cron,
                                                         @ForAll("starts") Instant from) {
        List<Instant> times = times(cron, zone, from.toString(), 200);
        ZoneId id = ZoneId.of(zone);
        Set<LocalDateTime> seen = new HashSet<>();
        for (int i = 0; i < times.size(); i++) {
            if (i > 0) {
                assertThat(times.get(i)).isAfter(times.get(i - 1));
            }
            LocalDateTime local = LocalDateTime.ofInstant(times.get(i), id);
            assertThat(seen.add(local)).as("%s fired twice in %s", local, zone).isTrue();
        }
        assertThat(times).allSatisfy(time -> assertThat(time).isAfter(from));
        // and none is left out: every wall-clock time the expression names in between, placed in the zone
        Trigger.Cron inUtc = Trigger.Cron.of(cron);
        Instant last = times.get(times.size() - 1);
        Instant cursor = LocalDateTime.ofInstant(from, id).toInstant(java.time.ZoneOffset.UTC);
        Set<Instant> fired = new HashSet<>(times);
        for (Instant named = FireTimes.nextAfter(inUtc, cursor); named != null; named = FireTimes.nextAfter(inUtc, named)) {
            Instant placed = ZonedCron.place(LocalDateTime.ofInstant(named, java.time.ZoneOffset.UTC), id.getRules());
            if (placed.isAfter(last)) {
                break;
            }
            if (placed.isAfter(from)) {
                assertThat(fired).as("%s in %s", named, zone).contains(placed);
            }
        }
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "UTC",
                "America/Sao_Paulo", "Asia/Kolkata");
    }

    @Provide
    Arbitrary<String> crons() {
        return Arbitraries.of("0 0/30 * * * ?", "0 15,45 * * * ?", "0 30 2 * * ?", "0 0 1-3 * * ?", "0 0/7 * * * ?", "0 0 12 L * ?");
    }

    @Provide
    Arbitrary<Instant> starts() {
        // around the transitions of 2011 and 2026
        return Arbitraries.of(2011, 2026).flatMap(year -> Arbitraries.longs()
                .between(0, 365L * 24 * 3600).map(second -> Instant.parse(year + "-01-01T00:00:00Z").plusSeconds(second)));
    }

    private static List<Instant> times(String cron, String zone, String from, int count) {
        List<Instant> times = new ArrayList<>();
        Instant time = Instant.parse(from);
        Trigger trigger = new Trigger.Cron(cron, zone);
        for (int i = 0; i < count; i++) {
            time = FireTimes.nextAfter(trigger, time);
            times.add(time);
        }
        return times;
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}

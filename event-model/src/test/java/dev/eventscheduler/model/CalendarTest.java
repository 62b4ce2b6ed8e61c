package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** What an exclusion calendar excludes: whole local days and a cron's times, on its own clock. */
class CalendarTest {

    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
            "Pacific/Apia", "Asia/Kolkata");

    @Property(tries = 500)
    void aTimeIsExcludedExactlyWhenItsLocalDayIsListedOrInARange(@ForAll("zones") String zone, @ForAll("instants") Instant time,
                                                                 @ForAll("days") LocalDate listed, @ForAll("days") LocalDate from) {
        LocalDate to = from.plusDays(Math.floorMod(listed.toEpochDay(), 20));
        Calendar calendar = new Calendar("c", zone, List.of(listed), List.of(new Calendar.DateRange(from, to)), null, null);
        LocalDate day = time.atZone(ZoneId.of(zone)).toLocalDate();

        boolean expected = day.equals(listed) || !day.isBefore(from) && !day.isAfter(to);

        assertThat(calendar.excludes(time)).isEqualTo(expected);
    }

    @Property(tries = 300)
    void aCronCalendarExcludesExactlyTheTimesItsCronWouldFireOnTheSameClock(@ForAll("zones") String zone,
                                                                          @ForAll("instants") Instant from) {
        String cron = "0 0/15 1-3 ? * MON,SAT";
        Calendar calendar = new Calendar("c", zone, null, null, cron, null);
        Trigger sameClock = new Trigger.Cron(cron, zone);
        Instant fire = FireTimes.nextAfter(sameClock, from);

        assertThat(calendar.excludes(fire)).as("a time the cron names, %s", fire).isTrue();
        Instant between = FireTimes.nextAfter(Trigger.Cron.of("7 * * * * ?"), from);
        assertThat(calendar.excludes(between)).as("second 7 is no time of the cron").isFalse();
    }

    @Test
    void aDayIsExcludedFromItsLocalMidnightToTheNext() {
        Calendar christmas = new Calendar("xmas", "Europe/Berlin", List.of(LocalDate.parse("2026-12-25")), null, null, null);

        assertThat(christmas.excludes(Instant.parse("2026-12-24T22:59:59Z"))).isFalse();
        assertThat(christmas.excludes(Instant.parse("2026-12-24T23:00:00Z"))).as("midnight in Berlin").isTrue();
        assertThat(christmas.excludes(Instant.parse("2026-12-25T22:59:59Z"))).isTrue();
        assertThat(christmas.excludes(Instant.parse("2026-12-25T23:00:00Z"))).isFalse();
    }

    @Test
    void itsDatesAreKeptInOrderWhateverOrderTheyAreWrittenIn() {
        Calendar calendar = new Calendar("c", null, List.of(LocalDate.parse("2027-01-01"), LocalDate.parse("2026-12-25")),
                null, null, null);

        assertThat(calendar.dates()).containsExactly(LocalDate.parse("2026-12-25"), LocalDate.parse("2027-01-01"));
        assertThat(calendar.timeZone()).isEqualTo("UTC");
        assertThat(calendar.excludes(Instant.parse("2027-01-01T12:00:00Z"))).isTrue();
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of(ZONES);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 2L * 365 * 24 * 3600).map(s -> Instant.parse("2026-01-01T00:00:00Z").plusSeconds(s));
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.longs().between(0, 2L * 365).map(d -> LocalDate.parse("2026-01-01").plusDays(d));
    }
}

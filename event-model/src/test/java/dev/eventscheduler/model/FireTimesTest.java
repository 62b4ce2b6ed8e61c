package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduled times of each trigger kind, as the scheduler, the API's preview and the planner all ask for them. */
class FireTimesTest {

    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void anIntervalCountsFromItsStartAndStopsAtItsEnd() {
        Trigger.Interval interval = new Trigger.Interval(1_000, T.plusMillis(250), T.plusMillis(3_250));

        assertThat(FireTimes.nextAfter(interval, T)).as("before the start: the start").isEqualTo(T.plusMillis(250));
        assertThat(FireTimes.nextAfter(interval, T.plusMillis(250))).isEqualTo(T.plusMillis(1_250));
        assertThat(FireTimes.nextAfter(interval, T.plusMillis(1_249))).isEqualTo(T.plusMillis(1_250));
        assertThat(FireTimes.nextAfter(interval, T.plusMillis(2_250))).as("the end is included").isEqualTo(T.plusMillis(3_250));
        assertThat(FireTimes.nextAfter(interval, T.plusMillis(3_250))).as("past the end").isNull();
    }

    @Test
    void anIntervalWithoutAStartCountsFromTheEpoch() {
        assertThat(FireTimes.nextAfter(Trigger.Interval.every(60_000), T.plusSeconds(61))).isEqualTo(T.plusSeconds(120));
    }

    @Test
    void anIntervalThatCannotBeCountedHasNoNextTime() {
        assertThat(FireTimes.nextAfter(Trigger.Interval.every(0), T)).isNull();
        assertThat(FireTimes.nextAfter(Trigger.Interval.every(Long.MAX_VALUE), T)).as("past the latest instant").isNull();
        assertThat(FireTimes.nextAfter(new Trigger.Interval(Long.MAX_VALUE / 2, Instant.EPOCH, null), TimeBounds.LATEST.minusSeconds(1)))
                .as("overflowing arithmetic").isNull();
    }

    @Test
    void aOneShotFiresOnceAtItsInstant() {
        Trigger.OneShot once = new Trigger.OneShot(T);

        assertThat(FireTimes.nextAfter(once, T.minusMillis(1))).isEqualTo(T);
        assertThat(FireTimes.nextAfter(once, T)).isNull();
        assertThat(FireTimes.next(once, T.minusSeconds(10), 5)).containsExactly(T);
    }

    @Test
    void aCronFiresInItsTimeZoneAcrossADaylightSavingChange() {
        // 02:30 Berlin: 01:30 UTC in winter, 00:30 UTC in summer. On the day the clocks go forward
        // (29 March 2026) 02:30 does not exist: it fires once, at the jump (03:00 CEST); ZonedCronTest has the rest
        Trigger.Cron nightly = new Trigger.Cron("0 30 2 * * ?", "Europe/Berlin");

        List<Instant> times = FireTimes.next(nightly, Instant.parse("2026-03-27T12:00:00Z"), 4);

        assertThat(times).containsExactly(Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-03-30T00:30:00Z"), Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void noTimeComesAfterTheLatestInstantAndTimesBeforeTheEarliestStartThere() {
        assertThat(FireTimes.nextAfter(Trigger.Interval.every(1_000), TimeBounds.LATEST)).isNull();
        assertThat(FireTimes.nextAfter(Trigger.Interval.every(1_000), Instant.parse("1900-01-01T00:00:00Z")))
                .isEqualTo(TimeBounds.EARLIEST);
    }

    @Test
    void betweenListsTheSpanUpToItsLimitAndSaysWhetherThereWereMore() {
        Trigger every = Trigger.Interval.every(1_000);

        FireTimes.Span all = FireTimes.between(every, T, T.plusSeconds(3), 10);
        assertThat(all.times()).containsExactly(T.plusSeconds(1), T.plusSeconds(2), T.plusSeconds(3));
        assertThat(all.more()).isFalse();

        FireTimes.Span cut = FireTimes.between(every, T, T.plusSeconds(3), 2);
        assertThat(cut.times()).containsExactly(T.plusSeconds(1), T.plusSeconds(2));
        assertThat(cut.more()).isTrue();

        assertThat(FireTimes.between(every, T, T.plusSeconds(2), 2).more()).as("exactly the limit").isFalse();
    }

    @Test
    void latestListsTheLastTimesOfALongSpanWithBoundedWork() {
        Trigger everySecond = Trigger.Interval.every(1_000);
        Instant yearLater = T.plusSeconds(365L * 24 * 3600);

        assertThat(FireTimes.latest(everySecond, T, yearLater, 3, 100))
                .containsExactly(yearLater.minusSeconds(2), yearLater.minusSeconds(1), yearLater);
        assertThat(FireTimes.latest(everySecond, T, T.plusSeconds(2), 5, 100)).as("fewer than asked")
                .containsExactly(T.plusSeconds(1), T.plusSeconds(2));
        assertThat(FireTimes.latest(Trigger.Interval.every(1), T, T.plusSeconds(10), 3, 50)).as("a dense trigger")
                .containsExactly(T.plusMillis(9_998), T.plusMillis(9_999), T.plusSeconds(10));
        assertThat(FireTimes.latest(everySecond, T, T, 3, 100)).as("an empty span").isEmpty();
        assertThat(FireTimes.latest(everySecond, T, yearLater, 0, 100)).isEmpty();
        assertThatThrownBy(() -> FireTimes.latest(everySecond, T, yearLater, 101, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInvalidCronThatSlippedPastValidationIsRefusedNamingIt() {
        assertThatThrownBy(() -> FireTimes.nextAfter(new Trigger.Cron("not a cron", null), T))
                .hasMessageContaining("not a cron");
    }
}

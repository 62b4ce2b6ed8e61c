package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.FireTimes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MisfirePlannerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void fireOnceFiresTheLatestMissedTimeAndSkipsTheRest() {
        MisfirePlanner.Plan plan = missedBy(everySecond(MisfirePolicy.FIRE_ONCE), T0, T0, T0.plusMillis(3_500));

        assertThat(plan.fire()).containsExactly(T0.plusSeconds(3));
        assertThat(plan.skip()).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(plan.next()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void skipFiresNothingAndReportsEveryMissedTime() {
        MisfirePlanner.Plan plan = missedBy(everySecond(MisfirePolicy.SKIP), T0, T0, T0.plusMillis(3_500));

        assertThat(plan.fire()).isEmpty();
        assertThat(plan.skip()).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
    }

    @Test
    void fireAllFiresTheLatestHundredInOrderAndCountsTheOlderOnes() {
        MisfirePlanner.Plan plan = missedBy(everySecond(MisfirePolicy.FIRE_ALL), T0, T0, T0.plusSeconds(250));

        assertThat(plan.fire()).hasSize(100).isSorted().first().isEqualTo(T0.plusSeconds(151));
        assertThat(plan.fire()).last().isEqualTo(T0.plusSeconds(250));
        assertThat(plan.skip()).hasSize(100).last().isEqualTo(T0.plusSeconds(150));
        assertThat(plan.unreportedSkips()).isEqualTo(50);
        assertThat(plan.firstSkipped()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void timesWhoseOldestIsWithinTheThresholdAreLateAndAllFireWhateverThePolicy() {
        Instant now = T0.plusMillis(3_500);
        for (MisfirePolicy policy : MisfirePolicy.values()) {
            MisfirePlanner.Plan plan = MisfirePlanner.plan(everySecond(policy), T0, T0, now, now.minusSeconds(60));

            assertThat(plan.late()).as(policy.name()).isTrue();
            assertThat(plan.fire()).as(policy.name()).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
            assertThat(plan.skip()).as(policy.name()).isEmpty();
            assertThat(plan.unreportedSkips()).isZero();
        }
    }

    @Test
    void onceTheOldestUnfiredTimeIsPastTheThresholdThePolicyDecidesEveryOne() {
        Instant now = T0.plusMillis(3_500);
        // the oldest, T0 + 1 s, is 2.5 s old: past a threshold of 2 s, so even the recent ones are missed
        MisfirePlanner.Plan plan = MisfirePlanner.plan(everySecond(MisfirePolicy.SKIP), T0, T0, now, now.minusSeconds(2));

        assertThat(plan.late()).isFalse();
        assertThat(plan.fire()).isEmpty();
        assertThat(plan.skip()).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
    }

    @Test
    void moreUnfiredTimesThanAreScannedAreMissedEvenWithinTheThreshold() {
        // every millisecond for 12 s: more times than a load lists, however generous the threshold
        ScheduleDefinition everyMs = ScheduleDefinition.builder("fast", "noop").trigger(Trigger.Interval.every(1))
                .misfirePolicy(MisfirePolicy.SKIP).build();
        Instant now = T0.plusSeconds(12);

        MisfirePlanner.Plan plan = MisfirePlanner.plan(everyMs, T0, T0, now, now.minusSeconds(60));

        assertThat(plan.late()).isFalse();
        assertThat(plan.fire()).isEmpty();
        assertThat(plan.moreThanScanned()).isTrue();
    }

    @Test
    void fireOnceAfterMoreMissedTimesThanAreScannedFiresTheLatestOne() {
        // every second for 5 hours: 18,000 missed times, more than a load lists from the oldest
        Instant now = T0.plusSeconds(18_000).plusMillis(500);

        MisfirePlanner.Plan plan = missedBy(everySecond(MisfirePolicy.FIRE_ONCE), T0, T0, now);

        assertThat(plan.fire()).containsExactly(T0.plusSeconds(18_000));
        assertThat(plan.skip()).hasSize(MisfirePlanner.MAX_SKIPS_REPORTED).isSorted()
                .first().isEqualTo(T0.plusSeconds(18_000 - MisfirePlanner.MAX_SKIPS_REPORTED));
        assertThat(plan.skip()).last().isEqualTo(T0.plusSeconds(17_999));
        assertThat(plan.moreThanScanned()).isTrue();
        assertThat(plan.unreportedSkips()).as("a lower bound of the 17,899 older ones")
                .isEqualTo(MisfirePlanner.MAX_SCANNED - 1 - MisfirePlanner.MAX_SKIPS_REPORTED);
        assertThat(plan.firstSkipped()).isEqualTo(T0.plusSeconds(1));
        assertThat(plan.next()).isEqualTo(T0.plusSeconds(18_001));
    }

    @Test
    void fireAllAfterMoreMissedTimesThanAreScannedFiresTheLatestHundred() {
        Instant now = T0.plusSeconds(18_000).plusMillis(500);

        MisfirePlanner.Plan plan = missedBy(everySecond(MisfirePolicy.FIRE_ALL), T0, T0, now);

        assertThat(plan.fire()).hasSize(MisfirePolicy.FIRE_ALL_CAP).isSorted().first().isEqualTo(T0.plusSeconds(17_901));
        assertThat(plan.fire()).last().isEqualTo(T0.plusSeconds(18_000));
        assertThat(plan.skip()).hasSize(MisfirePlanner.MAX_SKIPS_REPORTED).last().isEqualTo(T0.plusSeconds(17_900));
    }

    @Test
    void theLatestTimesOfAnIrregularCronAreFoundWithinTheScanLimit() {
        // every second of the nine o'clock hour, looked for at noon: the windows back from noon hold nothing
        // until one holds more than the limit, and it is narrowed until it holds enough
        Trigger nineOClock = new Trigger.Cron("* * 9 * * ?", "UTC");
        Instant noon = Instant.parse("2026-11-21T12:00:00Z");

        List<Instant> latest = FireTimes.latest(nineOClock, noon.minus(java.time.Duration.ofDays(10)), noon, 5, 100);

        assertThat(latest).containsExactly(Instant.parse("2026-11-21T09:59:55Z"), Instant.parse("2026-11-21T09:59:56Z"),
                Instant.parse("2026-11-21T09:59:57Z"), Instant.parse("2026-11-21T09:59:58Z"),
                Instant.parse("2026-11-21T09:59:59Z"));
        assertThat(FireTimes.latest(nineOClock, noon.minusSeconds(60), noon, 5, 100)).as("none in the span").isEmpty();
    }

    @Test
    void aScheduleThatNeverFiredHasNothingToCatchUpBeforeItWasDefined() {
        Instant definedAt = T0.plusSeconds(10);

        MisfirePlanner.Plan plan = missedBy(everySecond(MisfirePolicy.FIRE_ALL), null, definedAt, definedAt.plusMillis(500));

        assertThat(plan.fire()).isEmpty();
        assertThat(plan.skip()).isEmpty();
        assertThat(plan.next()).isEqualTo(definedAt.plusSeconds(1));
    }

    @Test
    void aMissedOneShotFiresOnceAndIsThenExhausted() {
        ScheduleDefinition oneShot = ScheduleDefinition.of("once", "noop", new Trigger.OneShot(T0.plusSeconds(5)));

        MisfirePlanner.Plan plan = missedBy(oneShot, null, T0, T0.plusSeconds(60));

        assertThat(plan.fire()).containsExactly(T0.plusSeconds(5));
        assertThat(plan.next()).isNull();
        assertThat(MisfirePlanner.exhaustedAfter(oneShot.trigger(), T0.plusSeconds(5))).isTrue();
    }

    @Test
    void aOneShotWrittenForATimeAlreadyPastFollowsItsMisfirePolicyRatherThanVanishing() {
        Instant at = T0.minusSeconds(3_600);
        ScheduleDefinition fireOnce = ScheduleDefinition.of("late", "noop", new Trigger.OneShot(at));
        ScheduleDefinition skip = ScheduleDefinition.builder("late", "noop").at(at).misfirePolicy(MisfirePolicy.SKIP).build();

        MisfirePlanner.Plan fired = missedBy(fireOnce, null, T0, T0.plusMillis(100));
        MisfirePlanner.Plan skipped = missedBy(skip, null, T0, T0.plusMillis(100));
        MisfirePlanner.Plan atTheMomentWritten = missedBy(ScheduleDefinition.of("now", "noop", new Trigger.OneShot(T0)),
                null, T0, T0.plusMillis(100));

        assertThat(fired.fire()).as("FIRE_ONCE fires it at once, as Quartz does").containsExactly(at);
        assertThat(skipped.fire()).isEmpty();
        assertThat(skipped.skip()).as("SKIP records it as skipped").containsExactly(at);
        assertThat(atTheMomentWritten.fire()).containsExactly(T0);
        assertThat(missedBy(fireOnce, at, T0, T0.plusMillis(100)).fire()).as("not again once it fired").isEmpty();
    }

    @Test
    void fireTimesAtTheEndsOfTimeEndRatherThanOverflow() {
        Instant latest = dev.eventscheduler.model.TimeBounds.LATEST;
        Trigger farInterval = new Trigger.Interval(dev.eventscheduler.model.TimeBounds.MAX_INTERVAL_MS,
                latest.minusSeconds(1), null);
        Trigger hugeInterval = Trigger.Interval.every(Long.MAX_VALUE);
        Trigger farStart = new Trigger.Interval(1_000, Instant.parse("+999999999-12-31T23:59:59Z"), null);

        assertThat(FireTimes.nextAfter(farInterval, latest.minusSeconds(1))).as("past the last instant: none").isNull();
        assertThat(FireTimes.nextAfter(hugeInterval, T0)).as("an interval that overflows: none").isNull();
        assertThat(FireTimes.nextAfter(farStart, T0)).as("a start past the last instant: none").isNull();
        assertThat(FireTimes.nextAfter(Trigger.Interval.every(1_000), Instant.MAX)).isNull();
        assertThat(FireTimes.nextAfter(Trigger.Interval.every(1_000), Instant.MIN)).isEqualTo(Instant.EPOCH);
        assertThat(FireTimes.nextAfter(Trigger.Cron.of("0 0 0 * * ?"), Instant.MIN)).isEqualTo(Instant.EPOCH);
        assertThat(FireTimes.nextAfter(new Trigger.OneShot(Instant.MAX), T0)).isEqualTo(Instant.MAX);
    }

    @Test
    void intervalsAreAlignedToTheirStartAndStopAtTheirEnd() {
        Trigger interval = new Trigger.Interval(1_500, T0, T0.plusSeconds(4));

        assertThat(FireTimes.next(interval, T0.minusSeconds(1), 10))
                .containsExactly(T0, T0.plusMillis(1_500), T0.plusMillis(3_000));
        assertThat(FireTimes.nextAfter(Trigger.Interval.every(10_000), Instant.parse("2026-11-21T10:00:03Z")))
                .isEqualTo(Instant.parse("2026-11-21T10:00:10Z"));
    }

    @Test
    void cronTimesFollowTheirTimeZone() {
        Trigger berlinMorning = new Trigger.Cron("0 0 9 * * ?", "Europe/Berlin");

        List<Instant> next = FireTimes.next(berlinMorning, Instant.parse("2026-07-01T00:00:00Z"), 1);

        assertThat(next).containsExactly(Instant.parse("2026-07-01T07:00:00Z"));
    }

    /** A plan with a misfire threshold of zero: every time not fired by {@code now} was missed. */
    @Test
    void aScheduleWrittenAgainAfterItsLastFireOwesNothingFromBeforeItWasWritten() {
        // fired at T0, written again at T0+10 s, loaded at T0+12.5 s: only the times since the new definition count
        MisfirePlanner.Plan plan = missedBy(everySecond(MisfirePolicy.SKIP), T0, T0.plusSeconds(10), T0.plusMillis(12_500));

        assertThat(plan.skip()).containsExactly(T0.plusSeconds(11), T0.plusSeconds(12));
        assertThat(plan.firstSkipped()).isEqualTo(T0.plusSeconds(11));
    }

    @Test
    void firstSkippedIsNamedOnlyWhenSomethingWasSkipped() {
        MisfirePlanner.Plan fired = missedBy(everySecond(MisfirePolicy.FIRE_ONCE), T0, T0, T0.plusMillis(1_500));
        assertThat(fired.fire()).containsExactly(T0.plusSeconds(1));
        assertThat(fired.firstSkipped()).as("the one missed time fired").isNull();

        MisfirePlanner.Plan skipped = missedBy(everySecond(MisfirePolicy.FIRE_ONCE), T0, T0, T0.plusMillis(2_500));
        assertThat(skipped.firstSkipped()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void withACatchUpWindowEveryTimeInsideItFiresAndTheOlderOnesFollowThePolicy() {
        // down from 10:00:00 to 10:05:00.5, a window of 60 s: 10:04:01 to 10:05:00 fire, the 240 before are missed
        Instant now = T0.plusMillis(300_500);
        ScheduleDefinition skip = withWindow(everySecond(MisfirePolicy.SKIP), Duration.ofSeconds(60));

        MisfirePlanner.Plan plan = MisfirePlanner.plan(skip, T0, T0, now, now.minusSeconds(60));

        assertThat(plan.fire()).hasSize(60).isSorted().first().isEqualTo(T0.plusSeconds(241));
        assertThat(plan.fire()).last().isEqualTo(T0.plusSeconds(300));
        assertThat(plan.skip()).hasSize(MisfirePlanner.MAX_SKIPS_REPORTED).last().isEqualTo(T0.plusSeconds(240));
        assertThat(plan.unreportedSkips()).isEqualTo(140);
        assertThat(plan.firstSkipped()).isEqualTo(T0.plusSeconds(1));
        assertThat(plan.late()).isFalse();
    }

    @Test
    void withACatchUpWindowFireOnceFiresNoMissedTimeWhenATimeInsideTheWindowFires() {
        Instant now = T0.plusMillis(10_500);
        ScheduleDefinition once = withWindow(everySecond(MisfirePolicy.FIRE_ONCE), Duration.ofSeconds(3));

        MisfirePlanner.Plan plan = MisfirePlanner.plan(once, T0, T0, now, now.minusSeconds(3));

        assertThat(plan.fire()).containsExactly(T0.plusSeconds(8), T0.plusSeconds(9), T0.plusSeconds(10));
        assertThat(plan.skip()).hasSize(7).first().isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void withACatchUpWindowThatHoldsNoTimeFireOnceFiresTheLatestMissedOneAndFireAllTheNewestHundred() {
        // an hourly cron down for five hours, a window of ten minutes: no time inside it
        ScheduleDefinition hourly = ScheduleDefinition.builder("hourly", "noop").cron("0 0 * * * ?")
                .misfirePolicy(MisfirePolicy.FIRE_ONCE).catchUpWindow(Duration.ofMinutes(10)).build();
        Instant now = T0.plus(Duration.ofHours(5).plusMinutes(30));

        MisfirePlanner.Plan once = MisfirePlanner.plan(hourly, T0, T0, now, now.minus(Duration.ofMinutes(10)));

        assertThat(once.fire()).containsExactly(T0.plus(Duration.ofHours(5)));
        assertThat(once.skip()).hasSize(4);

        ScheduleDefinition all = withWindow(everySecond(MisfirePolicy.FIRE_ALL), Duration.ofSeconds(10));
        Instant later = T0.plusMillis(250_500);
        MisfirePlanner.Plan fireAll = MisfirePlanner.plan(all, T0, T0, later, later.minusSeconds(10));

        // the hundred newest missed (141 to 240) and the ten inside the window (241 to 250)
        assertThat(fireAll.fire()).hasSize(110).isSorted().first().isEqualTo(T0.plusSeconds(141));
        assertThat(fireAll.skip()).hasSize(100).last().isEqualTo(T0.plusSeconds(140));
        assertThat(fireAll.unreportedSkips()).isEqualTo(40);
    }

    @Test
    void aCatchUpWindowLongerThanTheDowntimeFiresEveryTimeAndAZeroWindowLeavesAllToThePolicy() {
        Instant now = T0.plus(Duration.ofHours(2));
        ScheduleDefinition minutely = ScheduleDefinition.builder("minutely", "noop").cron("0 * * * * ?")
                .misfirePolicy(MisfirePolicy.SKIP).catchUpWindow(Duration.ofDays(1)).build();

        MisfirePlanner.Plan plan = MisfirePlanner.plan(minutely, T0, T0, now, now.minus(Duration.ofDays(1)));

        assertThat(plan.fire()).hasSize(120).first().isEqualTo(T0.plusSeconds(60));
        assertThat(plan.skip()).isEmpty();
        assertThat(plan.late()).isTrue();

        ScheduleDefinition zero = withWindow(minutely, Duration.ZERO);
        assertThat(MisfirePlanner.plan(zero, T0, T0, now, now).fire()).isEmpty();
    }

    @Test
    void aCatchUpWindowOverMoreUnfiredTimesThanAreScannedFiresOnlyTheNewestScannedAndCountsTheRestAsMissed() {
        // every second for a day, all inside a window of two days: more than MAX_SCANNED times
        Instant now = T0.plus(Duration.ofDays(1)).plusMillis(500);
        ScheduleDefinition skip = withWindow(everySecond(MisfirePolicy.SKIP), Duration.ofDays(2));

        MisfirePlanner.Plan plan = MisfirePlanner.plan(skip, T0, T0, now, now.minus(Duration.ofDays(2)));

        assertThat(plan.fire()).hasSize(MisfirePlanner.MAX_SCANNED).isSorted().last().isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(plan.moreThanScanned()).isTrue();
        assertThat(plan.firstSkipped()).isEqualTo(T0.plusSeconds(1));
    }

    private static ScheduleDefinition withWindow(ScheduleDefinition definition, Duration window) {
        return new ScheduleDefinition(definition.id(), definition.taskKey(), definition.taskType(), definition.trigger(),
                definition.payload(), definition.misfirePolicy(), definition.overlap(), definition.retry(),
                definition.timeoutMs(), definition.runTimeoutMs(), window.toMillis(), definition.maxRuns(), definition.jitterMs(), definition.calendars(), definition.backfill(), definition.paused(), definition.pause(), definition.labels());
    }

    private static MisfirePlanner.Plan missedBy(ScheduleDefinition definition, Instant lastScheduledAt, Instant definedAt,
                                                Instant now) {
        return MisfirePlanner.plan(definition, lastScheduledAt, definedAt, now, now);
    }

    private static ScheduleDefinition everySecond(MisfirePolicy policy) {
        return ScheduleDefinition.builder("tick", "noop").cron("* * * * * ?").misfirePolicy(policy).build();
    }
}

package dev.eventscheduler.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MisfirePlannerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void fireOnceFiresTheLatestMissedTimeAndSkipsTheRest() {
        MisfirePlanner.Plan plan = MisfirePlanner.plan(everySecond(MisfirePolicy.FIRE_ONCE), T0, T0, T0.plusMillis(3_500));

        assertThat(plan.fire()).containsExactly(T0.plusSeconds(3));
        assertThat(plan.skip()).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
        assertThat(plan.next()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void skipFiresNothingAndReportsEveryMissedTime() {
        MisfirePlanner.Plan plan = MisfirePlanner.plan(everySecond(MisfirePolicy.SKIP), T0, T0, T0.plusMillis(3_500));

        assertThat(plan.fire()).isEmpty();
        assertThat(plan.skip()).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
    }

    @Test
    void fireAllFiresTheLatestHundredInOrderAndCountsTheOlderOnes() {
        MisfirePlanner.Plan plan = MisfirePlanner.plan(everySecond(MisfirePolicy.FIRE_ALL), T0, T0, T0.plusSeconds(250));

        assertThat(plan.fire()).hasSize(100).isSorted().first().isEqualTo(T0.plusSeconds(151));
        assertThat(plan.fire()).last().isEqualTo(T0.plusSeconds(250));
        assertThat(plan.skip()).hasSize(100).last().isEqualTo(T0.plusSeconds(150));
        assertThat(plan.unreportedSkips()).isEqualTo(50);
        assertThat(plan.firstSkipped()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aScheduleThatNeverFiredHasNothingToCatchUpBeforeItWasDefined() {
        Instant definedAt = T0.plusSeconds(10);

        MisfirePlanner.Plan plan = MisfirePlanner.plan(everySecond(MisfirePolicy.FIRE_ALL), null, definedAt, definedAt.plusMillis(500));

        assertThat(plan.fire()).isEmpty();
        assertThat(plan.skip()).isEmpty();
        assertThat(plan.next()).isEqualTo(definedAt.plusSeconds(1));
    }

    @Test
    void aMissedOneShotFiresOnceAndIsThenExhausted() {
        ScheduleDefinition oneShot = ScheduleDefinition.of("once", "noop", new Trigger.OneShot(T0.plusSeconds(5)));

        MisfirePlanner.Plan plan = MisfirePlanner.plan(oneShot, null, T0, T0.plusSeconds(60));

        assertThat(plan.fire()).containsExactly(T0.plusSeconds(5));
        assertThat(plan.next()).isNull();
        assertThat(MisfirePlanner.exhaustedAfter(oneShot.trigger(), T0.plusSeconds(5))).isTrue();
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

    private static ScheduleDefinition everySecond(MisfirePolicy policy) {
        return new ScheduleDefinition("tick", null, "noop", Trigger.Cron.of("* * * * * ?"), null, policy, null, null,
                null, false, null);
    }
}

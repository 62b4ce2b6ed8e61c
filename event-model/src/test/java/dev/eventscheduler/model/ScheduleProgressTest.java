package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a schedule has completed: the rule the scheduler and the API share, with a set clock. */
class ScheduleProgressTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aScheduleCompletesWhenItsMaxRunsAreFiredButNotWhileOneWaitsInItsBuffer() {
        ScheduleDefinition threeTimes = ScheduleDefinition.builder("s", "noop").every(Duration.ofMinutes(1)).maxRuns(3).build();

        assertThat(new ScheduleProgress(2, 0, T).completed(threeTimes, T)).isFalse();
        assertThat(new ScheduleProgress(2, 0, T).runsLeft(threeTimes)).isEqualTo(1);
        assertThat(new ScheduleProgress(2, 1, T).runsLeft(threeTimes)).isZero();
        assertThat(new ScheduleProgress(2, 1, T).completed(threeTimes, T)).as("the buffered time has yet to fire").isFalse();
        assertThat(new ScheduleProgress(3, 0, T).completed(threeTimes, T)).isTrue();
        assertThat(new ScheduleProgress(7, 0, T).runsLeft(threeTimes)).as("maxRuns lowered below the fires so far").isEqualTo(-4);
        assertThat(ScheduleProgress.NONE.runsLeft(ScheduleDefinition.of("s", "noop", Trigger.Interval.every(1_000))))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCronOrIntervalCompletesOnceItHasDecidedItsLastTimeBeforeItsEnd() {
        Instant end = T.plusSeconds(90);
        ScheduleDefinition cron = ScheduleDefinition.builder("c", "noop").cron("0 * * * * ?").endAt(end).build();
        ScheduleDefinition interval = ScheduleDefinition.builder("i", "noop").every(Duration.ofMinutes(1)).endAt(end).build();

        for (ScheduleDefinition definition : new ScheduleDefinition[] {cron, interval}) {
            assertThat(new ScheduleProgress(1, 0, T).completed(definition, T.plusSeconds(100)))
                    .as("%s: T + 60 s is still to decide, however late", definition.id()).isFalse();
            assertThat(new ScheduleProgress(2, 0, T.plusSeconds(60)).completed(definition, T.plusSeconds(61))).isTrue();
            assertThat(ScheduleProgress.NONE.completed(definition, T)).isFalse();
            assertThat(ScheduleProgress.NONE.completed(definition, T.plusSeconds(61))).as("never fired, nothing left").isTrue();
        }
    }

    @Test
    void aOneShotCompletesOnceItsTimeIsDecidedEvenIfItWasSkipped() {
        ScheduleDefinition once = ScheduleDefinition.of("o", "noop", new Trigger.OneShot(T));

        assertThat(ScheduleProgress.NONE.completed(once, T.plusSeconds(3600)))
                .as("not decided yet: its misfire policy fires or skips it when loaded").isFalse();
        assertThat(new ScheduleProgress(1, 0, T).completed(once, T)).isTrue();
        assertThat(new ScheduleProgress(0, 0, T).completed(once, T)).as("skipped").isTrue();
    }

    @Test
    void aCronEndsAtItsEndAtInclusiveAndSharesItsParsedExpression() {
        Trigger.Cron hourly = Trigger.Cron.of("0 0 * * * ?");
        Trigger.Cron ending = hourly.until(T.plusSeconds(3600));

        assertThat(FireTimes.next(ending, T.minusSeconds(1), 5)).containsExactly(T, T.plusSeconds(3600));
        assertThat(FireTimes.nextAfter(hourly, T.plusSeconds(3600))).isNotNull();
        assertThat(FireTimes.cronExpression(ending)).isSameAs(FireTimes.cronExpression(hourly));
    }

    @Test
    void aFixedDelayCompletesOnceItsLastTimePlusTheDelayIsPastItsEndButNotBeforeItsFirstTime() {
        Instant end = T.plusSeconds(100);
        ScheduleDefinition chain = ScheduleDefinition.of("d", "noop", new Trigger.FixedDelay(30_000, null, end));

        assertThat(ScheduleProgress.NONE.completed(chain, end.plusSeconds(1))).as("its first time fires however late").isFalse();
        assertThat(new ScheduleProgress(1, 0, T.plusSeconds(70)).completed(chain, T)).as("70 + 30 is its end: one may come").isFalse();
        assertThat(new ScheduleProgress(1, 0, T.plusSeconds(71)).completed(chain, T)).as("the next would be past its end").isTrue();
        assertThat(new ScheduleProgress(1, 0, T.plusSeconds(71)).completed(ScheduleDefinition.of("d", "noop",
                Trigger.FixedDelay.of(30_000)), T)).as("without an end").isFalse();
        assertThat(FireTimes.nextAfter(new Trigger.FixedDelay(30_000, end.plusMillis(1), end), T)).as("a start past its end").isNull();
    }
}

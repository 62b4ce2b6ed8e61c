package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunDeadlineTest {

    private static ScheduleDefinition.Builder schedule() {
        return ScheduleDefinition.builder("s", "noop").every(Duration.ofSeconds(1));
    }

    @Test
    void aRunTimeoutSetOnTheScheduleIsTheDeadline() {
        assertThat(RunDeadline.of(schedule().runTimeout(Duration.ofSeconds(2)).timeout(Duration.ofHours(1)).build()))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void otherwiseEveryAttemptAtItsLimitTheBackOffsBetweenThemAndTheGrace() {
        RetryPolicy threeAttempts = new RetryPolicy(3, 1_000, 2.0, 300_000);

        assertThat(RunDeadline.of(schedule().timeout(Duration.ofSeconds(10)).retry(threeAttempts).build()))
                .isEqualTo(Duration.ofSeconds(3 * 10 + 1 + 2).plus(RunDeadline.GRACE));
        assertThat(RunDeadline.of(schedule().timeout(Duration.ofSeconds(10)).retry(RetryPolicy.NONE).build()))
                .isEqualTo(Duration.ofSeconds(10).plus(RunDeadline.GRACE));
    }

    @Test
    void theExecutorsDefaultsStandInForWhatTheScheduleLeavesToIt() {
        assertThat(RunDeadline.of(schedule().build())).isEqualTo(RunDeadline.ASSUMED_EXECUTOR_TIMEOUT.multipliedBy(3)
                .plus(Duration.ofSeconds(1 + 2)).plus(RunDeadline.GRACE));
    }

    @Test
    void theLongestPolicyStillFitsADuration() {
        RetryPolicy longest = new RetryPolicy(100, 86_400_000, 10.0, 86_400_000);

        assertThat(RunDeadline.of(schedule().timeout(Duration.ofDays(1)).retry(longest).build()))
                .isEqualTo(Duration.ofDays(100 + 99).plus(RunDeadline.GRACE));
    }
}

package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code capacity} expects to see fire, against which it counts missing fires. */
class CapacityScenarioTest {

    @Test
    void countsTheSchedulesDueAtEachWholeSecondOfTheWindow() {
        int[] due = new int[300];
        due[0] = 3;   // second 0 of minutes 0, 5, 10, ...
        due[61] = 2;  // second 1 of minutes 1, 6, 11, ...
        long minuteFive = 5 * 60_000L;

        assertThat(CapacityScenario.dueBetween(due, minuteFive, minuteFive + 1)).as("the window's first ms").isEqualTo(3);
        assertThat(CapacityScenario.dueBetween(due, minuteFive + 1, minuteFive + 1_000)).as("no whole second").isZero();
        assertThat(CapacityScenario.dueBetween(due, minuteFive - 500, minuteFive + 120_000))
                .as("minute 5 and minute 6's second 1").isEqualTo(5);
        assertThat(CapacityScenario.dueBetween(due, 0, 600_000L)).as("ten minutes").isEqualTo(10);
    }
}

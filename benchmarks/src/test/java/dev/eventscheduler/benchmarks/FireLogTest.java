package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FireLogTest {

    @Test
    void countsEachEventIdOnceAndReportsTheOnesSeenAgain() {
        FireLog fires = new FireLog(0, 1_000_000);
        int count = 300_000;
        for (int i = 0; i < count; i++) {
            fires.add("s-" + i + "@" + i, i, i + 7);
        }
        fires.add("s-5@5", 5, 50);
        fires.add("s-299999@299999", 299_999, 300_100);
        fires.add("s-5@5", 5, 60);

        assertThat(fires.distinct()).isEqualTo(count);
        assertThat(fires.duplicates()).isEqualTo(2);
        assertThat(fires.exactlyOnceFigures(count + 1)).containsEntry("missing", 1.0);
        assertThat(fires.lagFigures("")).containsEntry("lag max ms", 7.0);
    }

    @Test
    void ignoresTimesOutsideItsWindow() {
        FireLog fires = new FireLog(100, 200);
        fires.add("early@99", 99, 150);
        fires.add("late@200", 200, 250);
        fires.add("in@100", 100, 130);

        assertThat(fires.distinct()).isEqualTo(1);
        assertThat(fires.lastVisibleMillis()).isEqualTo(130);
    }
}

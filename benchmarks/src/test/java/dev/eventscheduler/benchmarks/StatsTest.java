package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void printsRatesWholeAndGroupedAndSmallFiguresToThreeDigits() {
        // a rate, a lag in ms, a CPU time per record below a microsecond: each keeps what a reader compares
        assertThat(Stats.format(1_522_332.4)).isEqualTo("1,522,332");
        assertThat(Stats.format(100)).isEqualTo("100");
        assertThat(Stats.format(0)).as("a count of duplicates").isEqualTo("0");
        assertThat(Stats.format(19)).as("a lag percentile in whole ms").isEqualTo("19");
        assertThat(Stats.format(19.54)).isEqualTo("19.5");
        assertThat(Stats.format(0.384)).isEqualTo("0.38");
        assertThat(Stats.format(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void summarisesRunsByMedianMinAndMax() {
        List<Double> runs = List.of(3.0, 1.0, 4.0, 2.0);
        assertThat(Stats.median(runs)).isEqualTo(2.5);
        assertThat(Stats.min(runs)).isEqualTo(1.0);
        assertThat(Stats.max(runs)).isEqualTo(4.0);
        assertThat(Stats.percentile(new long[] {5, 1, 9, 7, 3}, 50)).isEqualTo(5.0);
    }
}

package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakSamplesTest {

    private static final double NONE = Double.NaN;

    @Test
    void sumsEverySeriesOfAMetricInPrometheusText() {
        String metrics = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 1048576.0
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 2097152.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
                process_files_open_files 123.0
                """;

        assertThat(SoakSamples.sum(metrics, "jvm_memory_used_bytes{area=\"heap\"")).isEqualTo(3 * 1048576.0);
        assertThat(SoakSamples.sum(metrics, "process_files_open_files")).isEqualTo(123.0);
        assertThat(SoakSamples.sum("", "process_files_open_files")).isZero();
    }

    @Test
    void liveHeapGrowthIsTheLastLiveReadingAgainstTheFirstOfTheSecondHalf() {
        SoakSamples samples = new SoakSamples(List.of());
        // the live heap fills to 200 in the first half (the run store), then 210 at the half and 215 at the end
        double[] live = {NONE, 50, NONE, 200, NONE, 210, NONE, 212, NONE, NONE, 215};
        for (int i = 0; i < live.length; i++) {
            samples.add(new SoakSamples.Sample("s", i * 30_000L, 300, 40, live[i]));
        }

        assertThat(samples.liveHeapGrowth("s")).isEqualTo(5.0);
        assertThat(samples.liveHeapGrowth("other")).isNaN();
    }

    @Test
    void openFilesGrowthIsTheRiseOfTheMostOpenFilesFromTheFirstFifthToTheLast() {
        SoakSamples samples = new SoakSamples(List.of());
        for (int i = 0; i < 11; i++) {
            samples.add(new SoakSamples.Sample("s", i * 30_000L, 100, 40 + i, NONE));
        }

        // first fifth after the warm-up sample: 41, 42 -> 42; last fifth: 49, 50 -> 50
        assertThat(samples.openFilesGrowth("s")).isEqualTo(8.0);
        assertThat(samples.openFilesGrowth("other")).isNaN();
    }
}

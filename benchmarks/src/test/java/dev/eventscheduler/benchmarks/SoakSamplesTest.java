package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakSamplesTest {

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
    void growthIsTheRiseOfTheHeapFloorAndOfTheMostOpenFilesFromTheFirstFifthToTheLast() {
        SoakSamples samples = new SoakSamples(List.of());
        double[] heap = {500, 100, 140, 120, 150, 130, 160, 170, 180, 165, 175};
        for (int i = 0; i < heap.length; i++) {
            samples.add(new SoakSamples.Sample("s", i * 30_000L, heap[i], 40 + i));
        }

        // first fifth after the warm-up sample: 100, 140 -> floor 100; last fifth: 165, 175 -> floor 165
        assertThat(samples.growth("s", true)).isEqualTo(65.0);
        // most open files: first fifth 41, 42 -> 42; last fifth 49, 50 -> 50
        assertThat(samples.growth("s", false)).isEqualTo(8.0);
        assertThat(samples.growth("other", true)).isNaN();
    }
}

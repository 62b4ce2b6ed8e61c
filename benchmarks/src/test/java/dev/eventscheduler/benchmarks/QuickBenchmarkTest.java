package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick mode of every benchmark, so they never rot: each runs, reports figures and writes its files. */
@KafkaTest
class QuickBenchmarkTest {

    @Test
    void everyScenarioRunsInQuickModeAndWritesItsResults(TestKafka kafka, @TempDir Path out) throws Exception {
        Map<String, BenchmarkMain.Summary> summary = BenchmarkMain.run(new String[] {
                "all", "--quick", "--runs", "1", "--out", out.toString(), "--bootstrap", kafka.bootstrapServers()});

        assertThat(summary).containsKeys("raw-produce/records/s", "raw-txn-produce/records/s", "raw-pipeline/records/s",
                "quartz-only/burst fires/s", "fire-steady/lag p99 ms", "execute/tasks/s");
        assertThat(summary.get("execute/tasks/s").median()).isPositive();
        assertThat(summary.get("fire-steady/duplicates").median()).isZero();
        assertThat(summary.get("fire-steady/missing").median()).isZero();
        assertThat(Files.readString(out.resolve("results.md"))).contains("execute/tasks/s").contains("x |");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"quick\" : true");
    }
}

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
        Map<String, BenchmarkMain.Summary> summary = BenchmarkMain.run(BenchmarkOptions.parse(new String[] {
                "all", "--quick", "--runs", "1", "--out", out.toString(), "--bootstrap", kafka.bootstrapServers()}, null));

        assertThat(summary).containsKeys("raw-produce/records/s", "raw-txn-produce/records/s", "raw-pipeline/records/s",
                "quartz-only/burst fires/s", "fire-burst/fires/s", "fire-steady/lag p99 ms", "execute/kafka-only tasks/s",
                "execute/tasks/s", "execute/sleep tasks/s", "e2e/result lag p99 ms", "capacity/heap bytes/schedule",
                "capacity/restore to firing s", "failover/all firing again after ms");
        assertThat(summary.get("execute/tasks/s").median()).isPositive();
        if (MachineCpu.read().isPresent()) {
            // each drain's rate comes with the machine's CPU per task, compared with raw-pipeline's per record
            assertThat(summary).containsKeys("execute/raw-pipeline records/s: cpu us each", "execute/tasks/s: cpu us each");
            assertThat(Files.readString(out.resolve("results.md"))).containsPattern(
                    "\\| execute/tasks/s: cpu us each \\|.*\\| [0-9.]+x \\|");
        }
        // and with the share of a core its busiest thread used; the broker's CPU only where the benchmark started it
        assertThat(summary.get("execute/tasks/s: busiest thread % of a core").median()).isPositive();
        assertThat(summary).doesNotContainKey("execute/tasks/s: broker cpu us each");
        assertThat(summary.get("capacity/heap bytes/schedule").median()).isPositive();
        // exactly once holds even in a quick run: every fire, result and hand-over counted
        for (String scenario : new String[] {"fire-burst", "fire-steady", "e2e", "capacity", "failover"}) {
            assertThat(summary.get(scenario + "/duplicates").median()).as(scenario + " duplicates").isZero();
            assertThat(summary.get(scenario + "/missing").median()).as(scenario + " missing").isZero();
        }
        assertThat(summary.get("failover/all firing again after ms").median()).isFinite();
        assertThat(Files.readString(out.resolve("results.md"))).contains("execute/tasks/s").contains("x |");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"quick\" : true");
    }
}

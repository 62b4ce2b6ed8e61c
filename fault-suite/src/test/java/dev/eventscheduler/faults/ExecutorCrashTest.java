package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 1: executors killed with signal 9 under load lose no task and keep order per key. */
class ExecutorCrashTest {

    @Test
    void noTaskIsLostWhenExecutorsAreKilledUnderLoad(@TempDir Path work) {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            cluster.broker().start();
            ProcessCluster.Node scheduler = cluster.scheduler("scheduler-1", Map.of()).start();
            List<ProcessCluster.Node> executors = IntStream.rangeClosed(1, 3)
                    .mapToObj(i -> cluster.executor("executor-" + i, Map.of("EXECUTOR_CONCURRENCY", "16")).start()).toList();
            long started = System.nanoTime();
            try (Load load = new Load(cluster.bootstrapServers())) {
                load.schedulesEverySecond(200, 20);
                load.streamOneOffEvents(20);
                ProcessCluster.sleep(6_000);
                executors.get(0).kill();
                ProcessCluster.sleep(6_000);
                executors.get(1).kill();
                ProcessCluster.sleep(4_000);
                executors.get(0).start();
                executors.get(1).start();
                ProcessCluster.sleep(6_000);
                load.stopStream();
                scheduler.stop();
            }

            Auditor.Report report = Auditor.readSettled(cluster.bootstrapServers(), Topics.defaults()).report(null);
            FaultReport.print("executor kill -9 under load (3 executors, 2 killed and restarted)", report,
                    "settled " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s after the load began");

            assertThat(report.events()).isGreaterThan(3_000);
            assertThat(report.missingFinalResults()).as("events with no final result").isZero();
            assertThat(report.duplicateFires()).as("events fired twice").isZero();
            assertThat(report.orderViolations()).as("per-key order violations").isZero();
        }
    }
}

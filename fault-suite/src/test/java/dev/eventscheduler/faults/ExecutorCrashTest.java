package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: executors killed with signal 9 under load lose no task and keep order per key; runs
 * cancelled meanwhile (running, held by an executor about to die, or already ended) end
 * {@code CANCELLED} or keep the end they had, and no other run is cancelled.
 */
class ExecutorCrashTest {

    @Test
    void noTaskIsLostWhenExecutorsAreKilledUnderLoad(@TempDir Path work) {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            cluster.broker().start();
            ProcessCluster.Node scheduler = cluster.scheduler("scheduler-1", Map.of()).start();
            List<ProcessCluster.Node> executors = IntStream.rangeClosed(1, 3)
                    .mapToObj(i -> cluster.executor("executor-" + i, Map.of("EXECUTOR_CONCURRENCY", "16")).start()).toList();
            long started = System.nanoTime();
            Map<String, Instant> cancelled = new HashMap<>();
            try (Load load = new Load(cluster.bootstrapServers())) {
                load.schedulesEverySecond(200, 20);
                load.streamOneOffEvents(20);
                List<String> longRuns = load.oneOffs("long", 40, 15_000);
                ProcessCluster.sleep(3_000);
                cancelled.putAll(load.cancel(longRuns.subList(0, 10)));
                ProcessCluster.sleep(3_000);
                executors.get(0).kill();
                cancelled.putAll(load.cancel(longRuns.subList(10, 20)));
                ProcessCluster.sleep(6_000);
                executors.get(1).kill();
                cancelled.putAll(load.cancel(longRuns.subList(20, 30)));
                ProcessCluster.sleep(4_000);
                executors.get(0).start();
                executors.get(1).start();
                cancelled.putAll(load.cancel(List.of("one-off-1", "one-off-2", "one-off-3")));
                ProcessCluster.sleep(6_000);
                load.stopStream();
                scheduler.stop();
            }

            Auditor auditor = Auditor.readSettled(cluster.bootstrapServers(), Topics.defaults());
            Auditor.Report report = auditor.report(null);
            FaultReport.print("executor kill -9 under load (3 executors, 2 killed and restarted)", report,
                    "settled " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s after the load began");

            assertThat(report.events()).isGreaterThan(3_000);
            assertThat(report.missingFinalResults()).as("events with no final result").isZero();
            assertThat(report.duplicateFires()).as("events fired twice").isZero();
            assertThat(report.orderViolations()).as("per-key order violations").isZero();
            List<TaskResult> ends = auditor.results().stream().filter(r -> r.status().endsRun()).toList();
            assertThat(ends).filteredOn(r -> cancelled.containsKey(r.eventId()))
                    .as("a cancelled run ends CANCELLED, unless it had ended before the cancel")
                    .allSatisfy(r -> assertThat(r.status() == TaskStatus.CANCELLED
                            || r.finishedAt().isBefore(cancelled.get(r.eventId()))).as(r.toString()).isTrue());
            assertThat(ends).filteredOn(r -> r.eventId().startsWith("long-") && cancelled.containsKey(r.eventId()))
                    .extracting(TaskResult::status).as("the long runs were all still running when cancelled")
                    .containsOnly(TaskStatus.CANCELLED);
            assertThat(ends).filteredOn(r -> !cancelled.containsKey(r.eventId()))
                    .as("no run that was not cancelled is").noneMatch(r -> r.status() == TaskStatus.CANCELLED);
        }
    }
}

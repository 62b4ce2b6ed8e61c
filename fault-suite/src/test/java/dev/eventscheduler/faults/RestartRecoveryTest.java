package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 7: a scheduler, an executor or the standalone process killed with signal 9 and started
 * again at once, with the product's own group settings: how soon its work resumes. A new incarnation joins a group that
 * still counts the dead one until its session runs out, so this is the figure the session decides.
 */
class RestartRecoveryTest {

    /** The most a restarted process may take to be working again, on this project's machines. */
    private static final Duration TARGET = Duration.ofSeconds(15);

    @Test
    void aKilledSchedulerOrExecutorStartedAgainIsWorkingWithinFifteenSeconds(@TempDir Path work) {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            cluster.broker().start();
            ProcessCluster.Node scheduler = cluster.scheduler("scheduler-1", Map.of()).start();
            ProcessCluster.Node executor = cluster.executorWithDefaults("executor-1", Map.of()).start();
            loadAndAwaitARun(cluster, scheduler);

            Restart executorRestart = killAndRestart(executor, since -> awaitRunFinishedAfter(scheduler, since));
            Restart schedulerRestart = killAndRestart(scheduler, since -> awaitRunFiredAfter(scheduler, since));

            FaultReport.print("kill -9 and restart at once (product group settings)",
                    "executor " + executorRestart + " (a run finished)", "scheduler " + schedulerRestart + " (a fire)");
            assertThat(executorRestart.working()).as("executor working again").isLessThan(TARGET);
            assertThat(schedulerRestart.working()).as("scheduler firing again").isLessThan(TARGET);
        }
    }

    @Test
    void aKilledStandaloneStartedAgainOnItsDataIsWorkingWithinFifteenSeconds(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            ProcessCluster.Node standalone = cluster.standalone("standalone").start();
            loadAndAwaitARun(cluster, standalone);

            Restart restart = killAndRestart(standalone, since -> awaitRunFinishedAfter(standalone, since));

            FaultReport.print("kill -9 of the standalone process (broker, scheduler, executor) and restart on its data",
                    restart + " (a run finished)", "");
            assertThat(restart.working()).as("standalone working again").isLessThan(TARGET);
        }
    }

    /** How long a restarted process took to say it is ready, and to be seen working. */
    private record Restart(Duration ready, Duration working) {
        @Override
        public String toString() {
            return "ready " + ready.toMillis() + " ms, working " + working.toMillis() + " ms after the restart";
        }
    }

    /** Ten schedules every second, and the first of their runs finished. */
    private static void loadAndAwaitARun(ProcessCluster cluster, ProcessCluster.Node api) {
        try (Load load = new Load(cluster.bootstrapServers())) {
            load.schedulesEverySecond(10, 1);
        }
        awaitRunFinishedAfter(api, Instant.now());
    }

    /** Signal 9 to {@code node}, started again at once; {@code working} waits for its work after a given instant. */
    private static Restart killAndRestart(ProcessCluster.Node node, Function<Instant, Duration> working) {
        node.kill();
        Instant restarted = Instant.now();
        node.start();
        Duration ready = Duration.between(restarted, Instant.now());
        return new Restart(ready, working.apply(restarted));
    }

    /** How long after {@code since} a run finished, waiting for one. */
    private static Duration awaitRunFinishedAfter(ProcessCluster.Node scheduler, Instant since) {
        return awaitRunAfter(scheduler, since, "finishedAt", "&status=SUCCEEDED");
    }

    private static Duration awaitRunFiredAfter(ProcessCluster.Node scheduler, Instant since) {
        return awaitRunAfter(scheduler, since, "firedAt", "");
    }

    private static Duration awaitRunAfter(ProcessCluster.Node scheduler, Instant since, String field, String filter) {
        Instant[] seen = new Instant[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode runs = scheduler.json("/api/runs?limit=20" + filter).path("runs");
            for (JsonNode run : runs) {
                if (run.hasNonNull(field) && Instant.parse(run.get(field).asText()).isAfter(since)) {
                    seen[0] = Instant.parse(run.get(field).asText());
                    return true;
                }
            }
            return false;
        });
        return Duration.between(since, seen[0]);
    }
}

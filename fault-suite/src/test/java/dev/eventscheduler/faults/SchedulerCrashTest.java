package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 2: a scheduler killed with signal 9 during fires: no time lost or fired twice; take-over measured. */
class SchedulerCrashTest {

    @Test
    void noScheduledTimeIsLostOrFiredTwiceWhenASchedulerIsKilled(@TempDir Path work) {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            cluster.broker().start();
            ProcessCluster.Node doomed = cluster.scheduler("scheduler-a", Map.of()).start();
            ProcessCluster.Node survivor = cluster.scheduler("scheduler-b", Map.of()).start();
            List<String> ids;
            try (Load load = new Load(cluster.bootstrapServers())) {
                ids = load.schedulesEverySecond(100, 1);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> loaded(doomed) > 0 && loaded(survivor) > 0
                    && loaded(doomed) + loaded(survivor) == 100);
            Instant from = Instant.now().plusSeconds(1);
            ProcessCluster.sleep(5_000);

            long killed = System.nanoTime();
            doomed.kill();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> loaded(survivor) == 100);
            Duration takeOver = Duration.ofNanos(System.nanoTime() - killed);
            ProcessCluster.sleep(6_000);
            Instant to = Instant.now().minusSeconds(2);
            survivor.stop();

            Auditor auditor = Auditor.read(cluster.bootstrapServers(), Topics.defaults());
            Auditor.ScheduleAudit times = auditor.schedules(ids, Load.EVERY_SECOND, from, to);
            Auditor.Report report = auditor.report(null);
            FaultReport.print("scheduler kill -9 (2 instances, 100 schedules every second)",
                    times + " duplicateFires=" + report.duplicateFires(),
                    "take-over " + takeOver.toMillis() + " ms (session timeout 10 s)");

            assertThat(times.missing()).as("scheduled times neither fired nor reported skipped").isZero();
            assertThat(times.twice()).as("scheduled times fired (or skipped) twice").isZero();
            assertThat(report.duplicateFires()).as("event ids fired twice").isZero();
            assertThat(takeOver).as("take-over within the session timeout and a little").isLessThan(Duration.ofSeconds(20));
        }
    }

    private static int loaded(ProcessCluster.Node scheduler) {
        return scheduler.json("/health").path("schedulesLoaded").asInt(0);
    }
}

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

/**
 * Scenario 3: the broker is killed with signal 9 mid-load and restarted on the same data. The
 * services say they are unhealthy while it is gone, reconnect by themselves, and lose nothing.
 */
class BrokerRestartTest {

    @Test
    void servicesRecoverByThemselvesAndLoseNothingWhenTheBrokerRestarts(@TempDir Path work) {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            ProcessCluster.Node broker = cluster.broker().start();
            ProcessCluster.Node scheduler = cluster.scheduler("scheduler-1", Map.of()).start();
            ProcessCluster.Node executor = cluster.executor("executor-1", Map.of()).start();
            List<String> ids;
            Instant from;
            Instant to;
            Duration unhealthyAfter;
            Duration recovered;
            try (Load load = new Load(cluster.bootstrapServers())) {
                ids = load.schedulesEverySecond(50, 5);
                await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.json("/health").path("schedulesLoaded").asInt() == 50);
                from = Instant.now().plusSeconds(1);
                load.streamOneOffEvents(10);
                ProcessCluster.sleep(5_000);

                long down = System.nanoTime();
                broker.kill();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !scheduler.healthy() && !executor.healthy());
                unhealthyAfter = Duration.ofNanos(System.nanoTime() - down);
                ProcessCluster.sleep(3_000);
                long restart = System.nanoTime();
                broker.start();
                ProcessCluster.awaitHealthy(Duration.ofSeconds(90), scheduler, executor);
                recovered = Duration.ofNanos(System.nanoTime() - restart);
                ProcessCluster.sleep(8_000);
                load.stopStream();
                to = Instant.now().minusSeconds(2);
                scheduler.stop();
            }

            Auditor auditor = Auditor.readSettled(cluster.bootstrapServers(), Topics.defaults());
            Auditor.Report report = auditor.report(null);
            Auditor.ScheduleAudit times = auditor.schedules(ids, Load.EVERY_SECOND, from, to);
            FaultReport.print("broker kill -9 and restart mid-load (50 schedules every second + 10 events/s)", report,
                    times + "; unhealthy " + unhealthyAfter.toMillis() + " ms after the kill, healthy "
                            + recovered.toMillis() + " ms after the restart");

            assertThat(times.missing()).as("scheduled times neither fired nor reported skipped").isZero();
            assertThat(times.twice()).as("scheduled times fired (or skipped) twice").isZero();
            assertThat(report.duplicateFires()).as("event ids fired twice").isZero();
            assertThat(report.missingFinalResults()).as("events with no final result").isZero();
        }
    }
}

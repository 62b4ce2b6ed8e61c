package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6: the broker stops answering (SIGSTOP, as in a long pause or a hung disk) for several
 * times as long as a client call may block, then goes on (SIGCONT). The scheduler is committing
 * fires all the while, so the freeze catches a transaction open and its calls time out one after
 * another: most often sending the offsets, then the abort and a new producer's start; sometimes the
 * commit itself, whose outcome the scheduler cannot know until the broker answers. Which one is
 * chance. Either way it keeps firing afterwards, and no time fires twice or goes missing.
 */
class BrokerFreezeTest {

    /** How long a client call may block ({@code max.block.ms}); the scheduler's default is a minute. */
    private static final Duration CLIENT_BLOCK = Duration.ofSeconds(2);
    /** The shortest freeze; see the loop that waits it out. */
    private static final Duration FROZEN = Duration.ofSeconds(7);
    private static final int SCHEDULES = 20;
    private static final long INTERVAL_MS = 100;

    @Test
    void firingGoesOnWithNoTimeLostOrFiredTwiceAfterTheBrokerStopsAnsweringForLongerThanACallMayBlock(@TempDir Path work) {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            ProcessCluster.Node broker = cluster.broker().start();
            Map<String, String> clientBlock = Map.of("KAFKA_MAX_BLOCK_MS", Long.toString(CLIENT_BLOCK.toMillis()));
            ProcessCluster.Node scheduler = cluster.scheduler("scheduler-1", clientBlock).start();
            ProcessCluster.Node executor = cluster.executor("executor-1", clientBlock).start();
            Map<String, Trigger> schedules;
            Instant from;
            Instant to;
            boolean downWhileFrozen = false;
            Duration frozenFor;
            Duration healthyAgain;
            try (Load load = new Load(cluster.bootstrapServers())) {
                // each due at an instant of its own: a transaction every few milliseconds, so the freeze
                // catches one open
                schedules = load.schedules(SCHEDULES, i -> new Trigger.Interval(INTERVAL_MS,
                        Instant.ofEpochMilli(i * INTERVAL_MS / SCHEDULES), null), 1);
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        scheduler.json("/health").path("schedulesLoaded").asInt() == SCHEDULES);
                from = Instant.now().plusSeconds(1);
                load.streamOneOffEvents(10);
                ProcessCluster.sleep(3_000);

                long frozenAt = System.nanoTime();
                broker.freeze();
                while (System.nanoTime() - frozenAt < FROZEN.toNanos()) {
                    // a health call may wait seconds on the frozen broker, so the freeze can last longer than FROZEN
                    downWhileFrozen |= !scheduler.healthy() && !executor.healthy();
                    ProcessCluster.sleep(200);
                }
                broker.thaw();
                frozenFor = Duration.ofNanos(System.nanoTime() - frozenAt);
                healthyAgain = ProcessCluster.awaitHealthy(Duration.ofSeconds(60), scheduler, executor);
                ProcessCluster.sleep(6_000);
                load.stopStream();
                to = Instant.now().minusSeconds(2);
                scheduler.stop();
            }

            Auditor auditor = Auditor.readSettled(cluster.bootstrapServers(), Topics.defaults());
            Auditor.ScheduleAudit times = auditor.schedules(schedules, from, to);
            Auditor.Report report = auditor.report(null);
            FaultReport.print("broker frozen (SIGSTOP) " + frozenFor.toMillis() + " ms, client calls block at most "
                            + CLIENT_BLOCK.toSeconds() + " s (" + SCHEDULES + " schedules every " + INTERVAL_MS
                            + " ms + 10 events/s)", report,
                    times + "; both services DOWN while frozen: " + downWhileFrozen + ", healthy "
                            + healthyAgain.toMillis() + " ms after the thaw");

            assertThat(times.missing()).as("scheduled times neither fired nor reported skipped").isZero();
            assertThat(times.twice()).as("scheduled times fired (or skipped) twice").isZero();
            assertThat(report.duplicateFires()).as("event ids fired twice").isZero();
            assertThat(report.missingFinalResults()).as("events with no final result").isZero();
            assertThat(downWhileFrozen).as("both services said DOWN while the broker was frozen").isTrue();
        }
    }
}

package dev.eventscheduler.scheduler;

import static dev.eventscheduler.scheduler.MisfireAndConcurrencyTest.everySecond;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FORBID decides on the run ends the scheduler reads for its own partitions, not on the status
 * tracker: a restart, however long, or a tracker that has forgotten the run, does not hold a
 * schedule, and a run that never ends is given up at its deadline. Runs are ended here as an
 * executor ends them ({@link SchedulerTestKit#endRun}).
 */
@KafkaTest
class RunEndsTest {

    /** Longer than the tracker's look-back below: the run's end is older than anything the tracker reads back. */
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration LOOKBACK = Duration.ofSeconds(1);

    @Test
    void forbidFiresAgainAfterARestartLongerThanTheTrackersLookBack(TestKafka kafka) throws InterruptedException {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler().trackerLookback(LOOKBACK));
            kit.put(everySecond("exclusive", MisfirePolicy.SKIP, OverlapPolicy.SKIP));
            kit.awaitFired("exclusive", 1);
            kit.endRun(kit.fired("exclusive").get(0), TaskStatus.SUCCEEDED);
            // the end was followed live: the next time fires
            kit.awaitFired("exclusive", 2);

            first.close();
            // the second run ends while no scheduler runs, and is older than the look-back when one starts
            kit.endRun(kit.fired("exclusive").get(1), TaskStatus.SUCCEEDED);
            Thread.sleep(OUTAGE.toMillis()); // the outage the test is about
            Instant restarted = Instant.now();
            kit.start(kit.scheduler().trackerLookback(LOOKBACK));

            kit.awaitFired("exclusive", 3);
            assertThat(kit.fired("exclusive").get(2).scheduledAt()).isAfter(restarted.minus(OUTAGE));
            assertThat(kit.results("exclusive")).noneMatch(r -> r.status() == TaskStatus.TIMED_OUT);
            kit.noDuplicateFires();
        }
    }

    @Test
    void aRunWithoutAFinalResultIsGivenUpAtItsDeadlineAndTheScheduleFiresAgain(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.start(kit.scheduler());
            // no executor runs: no run ever ends
            kit.put(ScheduleDefinition.builder("stuck", "noop").cron("* * * * * ?").misfirePolicy(MisfirePolicy.SKIP)
                    .overlap(OverlapPolicy.SKIP).runTimeout(Duration.ofSeconds(2)).build());

            kit.awaitFired("stuck", 2);

            List<TaskEvent> fired = kit.fired("stuck");
            TaskEvent first = fired.get(0);
            TaskEvent second = fired.get(1);
            assertThat(Duration.between(first.firedAt(), second.firedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            List<TaskResult> givenUp = kit.results("stuck").stream().filter(r -> r.status() == TaskStatus.TIMED_OUT).toList();
            assertThat(givenUp).singleElement().satisfies(result -> {
                assertThat(result.eventId()).isEqualTo(first.eventId());
                assertThat(result.scheduledAt()).isEqualTo(first.scheduledAt());
                assertThat(result.error().type()).isEqualTo(TaskError.NO_RESULT);
            });
            assertThat(kit.skipped("stuck")).filteredOn(r -> r.scheduledAt().isAfter(first.scheduledAt())
                    && r.scheduledAt().isBefore(second.scheduledAt())).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.error().type()).isEqualTo(SkipReason.CONCURRENCY_FORBID));
        }
    }

    @Test
    void anEndOfAnEarlierRunOrOfAnotherScheduleDoesNotEndTheLastRun(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.start(kit.scheduler());
            kit.put(everySecond("exclusive", MisfirePolicy.SKIP, OverlapPolicy.SKIP));
            kit.put(everySecond("neighbour", MisfirePolicy.SKIP, OverlapPolicy.SKIP));
            kit.awaitFired("exclusive", 1);
            kit.awaitFired("neighbour", 1);
            TaskEvent running = kit.fired("exclusive").get(0);

            kit.endRun(kit.fired("neighbour").get(0), TaskStatus.SUCCEEDED);
            kit.endRun(new TaskEvent("exclusive@" + running.scheduledAt().minusSeconds(1).toEpochMilli(), "exclusive",
                    "exclusive", "noop", null, running.scheduledAt().minusSeconds(1), running.firedAt(), 1, null, null, null),
                    TaskStatus.SUCCEEDED);
            kit.awaitFired("neighbour", 2);
            kit.awaitUntil(k -> k.skipped("exclusive").stream().filter(r -> r.scheduledAt().isAfter(running.scheduledAt())).count() >= 3);

            assertThat(kit.fired("exclusive")).hasSize(1);
        }
    }
}

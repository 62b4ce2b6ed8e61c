package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A fixed delay on a real broker: each fire comes its delay after the previous run's end, read from
 * the run-ends topic, never while a run is open, once each across a restart mid-chain, and none past
 * its {@code endAt}.
 */
@KafkaTest
class FixedDelayTest {

    private static final long DELAY_MS = 700;

    @Test
    void eachFireFollowsThePreviousRunsEndByTheDelayOnceEachThroughARestart(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler());
            kit.put(ScheduleDefinition.builder("chain", "noop").trigger(Trigger.FixedDelay.of(DELAY_MS)).maxRuns(4).build());
            kit.awaitFired("chain", 1);
            assertThat(kit.awaitNoFiresFor("chain", Duration.ofSeconds(2))).as("nothing while the run is open").isEqualTo(1);

            TaskResult firstEnd = kit.endRun(kit.fired("chain").get(0), TaskStatus.SUCCEEDED);
            kit.awaitFired("chain", 2);
            TaskEvent second = kit.fired("chain").get(1);
            assertThat(second.scheduledAt()).as("the delay after the run's end").isEqualTo(endedAt(firstEnd).plusMillis(DELAY_MS));
            assertThat(second.firedAt()).isAfterOrEqualTo(second.scheduledAt());

            // the run ends while no instance runs: the next one works the time out from the committed records
            first.close();
            TaskResult secondEnd = kit.endRun(second, TaskStatus.FAILED);
            kit.start(kit.scheduler());
            kit.awaitFired("chain", 3);
            TaskEvent third = kit.fired("chain").get(2);
            assertThat(third.scheduledAt()).isEqualTo(endedAt(secondEnd).plusMillis(DELAY_MS));
            assertThat(third.eventId()).isEqualTo(TaskEvent.scheduledEventId("chain", third.scheduledAt()));

            kit.endRun(third, TaskStatus.SUCCEEDED);
            kit.awaitFired("chain", 4);
            kit.endRun(kit.fired("chain").get(3), TaskStatus.SUCCEEDED);
            assertThat(kit.awaitNoFiresFor("chain", Duration.ofSeconds(2))).as("its maxRuns").isEqualTo(4);
            kit.noDuplicateFires();
        }
    }

    /** When the run ended, as its end record carries it: to the millisecond. */
    private static Instant endedAt(TaskResult result) {
        return result.finishedAt().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void theChainEndsAtItsEndAtWithTheTimePastItSkippedAndTheScheduleCompletedThroughARestart(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            SchedulerService first = kit.start(kit.scheduler().httpPort(0));
            Http api = new Http(first.httpPort(), null);
            Instant start = Instant.now().plusMillis(300).truncatedTo(ChronoUnit.MILLIS);
            Instant end = start.plusMillis(2_000);
            assertThat(api.put("/api/schedules/bounded", "{\"taskType\": \"noop\", \"trigger\": {\"fixedDelayMs\": " + DELAY_MS
                    + ", \"startAt\": \"" + start + "\", \"endAt\": \"" + start.minusMillis(1) + "\"}}").status())
                    .as("an end before its start").isEqualTo(400);
            Http.Response past = api.put("/api/schedules/bounded", "{\"taskType\": \"noop\", \"trigger\": {\"fixedDelayMs\": "
                    + DELAY_MS + ", \"endAt\": \"2020-01-01T00:00:00Z\"}}");
            assertThat(past.status()).as("an end already past").isEqualTo(400);
            assertThat(past.json().at("/violations/0/field").asText()).isEqualTo("trigger.endAt");
            assertThat(api.put("/api/schedules/bounded", "{\"taskType\": \"noop\", \"trigger\": {\"fixedDelayMs\": " + DELAY_MS
                    + ", \"startAt\": \"" + start + "\", \"endAt\": \"" + end + "\"}}").status()).isEqualTo(201);

            kit.awaitFired("bounded", 1);
            kit.endRun(kit.fired("bounded").get(0), TaskStatus.SUCCEEDED, start.plusMillis(100));
            kit.awaitFired("bounded", 2);
            TaskEvent second = kit.fired("bounded").get(1);
            assertThat(second.scheduledAt()).as("within its end: it fires").isEqualTo(start.plusMillis(100 + DELAY_MS));
            // this run ends late enough that the next time would be past the end
            kit.endRun(second, TaskStatus.SUCCEEDED, start.plusMillis(1_400));
            kit.awaitUntil(k -> !k.skipped("bounded").isEmpty());
            assertThat(kit.skipped("bounded")).extracting(TaskResult::scheduledAt, r -> r.error().type())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(start.plusMillis(1_400 + DELAY_MS), SkipReason.ENDED));
            kit.awaitUntil(k -> api.get("/api/schedules/bounded").json().get("state").asText().equals("COMPLETED"));

            first.close();
            kit.start(kit.scheduler());
            assertThat(kit.awaitNoFiresFor("bounded", Duration.ofSeconds(2))).as("nothing after its end").isEqualTo(2);
            assertThat(kit.skipped("bounded")).as("the end is recorded once").hasSize(1);
        }
    }

    @Test
    void aForgedTriggerStateCannotStopFiring(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            kit.put(ScheduleDefinition.builder("no-times", "noop").trigger(Trigger.FixedDelay.of(DELAY_MS)).build());
            kit.put(ScheduleDefinition.builder("last-instant", "noop").trigger(new Trigger.FixedDelay(DELAY_MS, null,
                    Instant.parse("2100-01-01T00:00:00Z"))).build());
            kit.put(ScheduleDefinition.builder("alive", "noop").every(Duration.ofSeconds(1)).build());
            // any producer can write the trigger-state topic: a last run without its times, and a time past the last instant
            kit.putRawTriggerState("no-times", "{\"scheduleId\":\"no-times\",\"lastEventId\":\"no-times@1\",\"fireCount\":1}");
            kit.putRawTriggerState("last-instant", "{\"scheduleId\":\"last-instant\",\"lastEventId\":\"last-instant@1\","
                    + "\"lastScheduledAt\":\"+1000000000-12-31T23:59:59.999Z\",\"lastFiredAt\":\"+1000000000-12-31T23:59:59.999Z\"}");

            SchedulerService scheduler = kit.start(kit.scheduler());

            kit.awaitFired("alive", 3);
            kit.awaitFired("no-times", 1);
            assertThat(scheduler.health().path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aRunThatNeverEndsIsGivenUpAtItsDeadlineAndTheChainGoesOn(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            kit.start(kit.scheduler());
            kit.put(ScheduleDefinition.builder("stuck", "noop").trigger(Trigger.FixedDelay.of(DELAY_MS))
                    .runTimeout(Duration.ofSeconds(1)).build());
            kit.awaitFired("stuck", 2);

            TaskEvent firstRun = kit.fired("stuck").get(0);
            TaskEvent next = kit.fired("stuck").get(1);
            assertThat(next.scheduledAt()).as("the delay after the first run's deadline")
                    .isEqualTo(firstRun.firedAt().truncatedTo(ChronoUnit.MILLIS).plusSeconds(1).plusMillis(DELAY_MS));
        }
    }
}

package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code maxRuns} and {@code endAt} end a schedule, on a real broker: it fires no more, through a
 * restart too, and the API lists it as {@code COMPLETED} until it is deleted.
 */
@KafkaTest
class LimitedRunsTest {

    @Test
    void aScheduleFiresItsMaxRunsOnlyEvenAcrossARestartAndFiresMoreWhenTheyAreRaised(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler().httpPort(0));
            ScheduleDefinition thrice = ScheduleDefinition.builder("thrice", "noop").cron("* * * * * ?").maxRuns(3).build();
            kit.put(thrice);
            kit.awaitFired("thrice", 3);
            Http api = new Http(first.httpPort(), null);
            awaitState(kit, api, "thrice", "COMPLETED");

            JsonNode view = api.get("/api/schedules/thrice").json();
            assertThat(view.get("fireCount").asLong()).isEqualTo(3);
            assertThat(view.get("remainingRuns").asLong()).isZero();
            assertThat(view.get("nextFireTimes")).as("nothing left to fire").isEmpty();
            assertThat(api.get("/api/schedules").json().get("schedules")).extracting(s -> s.get("id").asText())
                    .as("listed until deleted").contains("thrice");

            first.close();
            // a restart with every missed time late, so each would fire were the count not kept
            SchedulerService second = kit.start(kit.scheduler().httpPort(0).misfireThreshold(Duration.ofMinutes(10)));
            Http again = new Http(second.httpPort(), null);
            awaitState(kit, again, "thrice", "COMPLETED");
            assertThat(kit.awaitNoFiresFor("thrice", Duration.ofSeconds(2))).isEqualTo(3);

            kit.put(ScheduleDefinition.builder("thrice", "noop").cron("* * * * * ?").maxRuns(5).build());
            kit.awaitFired("thrice", 5);
            awaitState(kit, again, "thrice", "COMPLETED");
            assertThat(kit.awaitNoFiresFor("thrice", Duration.ofSeconds(2))).as("two more, then no more").isEqualTo(5);
            assertThat(kit.fired("thrice")).extracting(TaskEvent::scheduledAt).isSorted();
            kit.noDuplicateFires();
        }
    }

    @Test
    void aCronAndAnIntervalFireNoTimeAfterTheirEndAndThenShowCompleted(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0));
            Http api = new Http(scheduler.httpPort(), null);
            Instant end = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            ScheduleDefinition cron = ScheduleDefinition.builder("cron-ending", "noop").cron("* * * * * ?").endAt(end).build();
            ScheduleDefinition interval = ScheduleDefinition.builder("interval-ending", "noop").every(Duration.ofMillis(500))
                    .endAt(end.plusMillis(250)).build();
            kit.put(cron);
            kit.put(interval);

            for (ScheduleDefinition definition : new ScheduleDefinition[] {cron, interval}) {
                String id = definition.id();
                awaitState(kit, api, id, "COMPLETED");
                kit.awaitNoFiresFor(id, Duration.ofSeconds(1));
                Instant lastTime = FireTimes.between(definition.trigger(), end.minusSeconds(5), end.plusSeconds(5), 100).times()
                        .stream().max(Instant::compareTo).orElseThrow();
                assertThat(kit.fired(id)).extracting(TaskEvent::scheduledAt).as(id).isNotEmpty()
                        .allSatisfy(t -> assertThat(t).isBeforeOrEqualTo(lastTime)).contains(lastTime);
                assertThat(api.get("/api/schedules/" + id).json().get("nextFireTimes")).isEmpty();
            }
            kit.noDuplicateFires();
        }
    }

    @Test
    void aBufferedTimeTakesTheLastRunAndTheScheduleCompletesOnlyOnceItFires(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0));
            Http api = new Http(scheduler.httpPort(), null);
            kit.put(ScheduleDefinition.builder("waits", "noop").cron("* * * * * ?").overlap(OverlapPolicy.BUFFER_ALL)
                    .maxRuns(2).build());
            kit.awaitFired("waits", 1);
            // no executor: the first run stays open, so the next time waits for it and takes the last run
            kit.awaitUntil(k -> api.get("/api/schedules/waits").json().path("remainingRuns").asLong(-1) == 0);
            assertThat(api.get("/api/schedules/waits").json().get("state").asText()).isEqualTo("ACTIVE");

            kit.endRun(kit.fired("waits").get(0), TaskStatus.SUCCEEDED);
            kit.awaitFired("waits", 2);
            awaitState(kit, api, "waits", "COMPLETED");
            assertThat(kit.awaitNoFiresFor("waits", Duration.ofSeconds(2))).isEqualTo(2);
        }
    }

    @Test
    void aOneShotShowsCompletedOnceFiredAndAnEndThatLeavesNoTimeIsRefusedNamingIt(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0));
            Http api = new Http(scheduler.httpPort(), null);
            kit.put(ScheduleDefinition.builder("once", "noop").at(Instant.now().plusMillis(500)).build());
            kit.awaitFired("once", 1);
            awaitState(kit, api, "once", "COMPLETED");

            ScheduleDefinition ended = ScheduleDefinition.builder("ended", "noop").cron("0 0 * * * ?")
                    .endAt(Instant.now().minusSeconds(1)).build();
            Http.Response refused = api.put("/api/schedules/ended", EventJson.mapper().valueToTree(ended).toString());
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("violations").get(0).get("field").asText()).isEqualTo("trigger.endAt");
            ScheduleDefinition limited = ScheduleDefinition.builder("limited", "noop").trigger(Trigger.Interval.every(60_000))
                    .maxRuns(0).build();
            Http.Response zero = api.put("/api/schedules/limited", EventJson.mapper().valueToTree(limited).toString());
            assertThat(zero.status()).isEqualTo(400);
            assertThat(zero.json().get("violations").get(0).get("field").asText()).isEqualTo("maxRuns");
        }
    }

    private static void awaitState(SchedulerTestKit kit, Http api, String id, String state) {
        kit.awaitUntil(k -> state.equals(api.get("/api/schedules/" + id).json().path("state").asText()));
    }
}

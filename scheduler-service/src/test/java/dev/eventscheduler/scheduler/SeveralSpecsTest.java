package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A schedule on several specs fires their union on a real broker: each time once, in order, through a restart. */
@KafkaTest
class SeveralSpecsTest {

    @Test
    void everyTimeOfAnySpecFiresOnceAndATimeTwoSpecsShareFiresOnceAcrossARestart(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            // every 2 s and every 3 s: the times of every 6 s belong to both
            ScheduleDefinition union = ScheduleDefinition.builder("union", "noop")
                    .anyOf(Trigger.Cron.of("0/2 * * * * ?"), Trigger.Interval.every(3_000)).build();
            SchedulerService first = kit.start(kit.scheduler());
            kit.put(union);
            kit.awaitFired("union", 4);
            first.close();
            kit.start(kit.scheduler());
            kit.awaitUntil(k -> k.fired("union").size() >= 10);

            List<Instant> fired = kit.fired("union").stream().map(TaskEvent::scheduledAt).toList();
            assertThat(fired).isSorted();
            kit.everyTimeOnce("union", FireTimes.between(union.trigger(), fired.get(0).minusMillis(1),
                    fired.get(fired.size() - 1), 100).times());
            assertThat(fired).as("a shared time").anySatisfy(t -> assertThat(t.toEpochMilli() % 6_000).isZero());
            kit.noDuplicateFires();
        }
    }

    @Test
    void thePreviewListsTheUnionOnTheClockItsCronsShare(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            Http api = new Http(kit.start(kit.scheduler().httpPort(0)).httpPort(), null);

            JsonNode preview = api.post("/api/schedules/preview", """
                    {"taskType": "log", "trigger": {"specs": [
                      {"cron": "0 0 9 * * ?", "timeZone": "Europe/Berlin"}, {"cron": "0 0 17 * * ?", "timeZone": "Europe/Berlin"}]}}
                    """).json();
            assertThat(preview.get("timeZone").asText()).isEqualTo("Europe/Berlin");
            assertThat(preview.get("localFireTimes")).hasSize(5).allSatisfy(t ->
                    assertThat(t.asText()).containsAnyOf("T09:00+01:00", "T17:00+01:00", "T09:00+02:00", "T17:00+02:00"));
            Http.Response ended = api.post("/api/schedules/preview", """
                    {"taskType": "log", "trigger": {"specs": [{"intervalMs": 1000, "endAt": "2020-01-01T00:00:00Z"}]}}
                    """);
            assertThat(ended.status()).isEqualTo(400);
            assertThat(ended.json().get("violations").get(0).get("field").asText()).isEqualTo("trigger.specs");
        }
    }
}

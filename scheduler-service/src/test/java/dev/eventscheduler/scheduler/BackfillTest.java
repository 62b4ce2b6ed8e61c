package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Backfill on a real broker, asked for over REST: every time of the range fires once, in order,
 * with ids of their own, through a restart midway; each overlap policy decides its times as they
 * all come due at once; bad ranges are refused naming the field.
 */
@KafkaTest
class BackfillTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    /** 3,000 seconds: six transactions of 500. */
    private static final Instant TO = FROM.plusSeconds(3_000);

    @Test
    void everyTimeOfTheRangeFiresOnceInOrderWithItsOwnIdThroughARestartMidway(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            TransactionStalls stalls = new TransactionStalls();
            // each transaction of the first instance pauses, so the backfill is midway when it stops
            stalls.next(Collections.nCopies(200, Duration.ofMillis(300)).toArray(Duration[]::new));
            SchedulerService first = kit.start(kit.scheduler().httpPort(0).producerWrapper(stalls::wrap));
            Http api = new Http(first.httpPort(), null);
            assertThat(api.put("/api/schedules/report", "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"* * * * * ?\"}}").status())
                    .isEqualTo(201);

            Http.Response started = api.post("/api/schedules/report/backfill",
                    "{\"from\": \"" + FROM + "\", \"to\": \"" + TO + "\"}");
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.json().get("times").asInt()).isEqualTo(3_000);
            String backfillId = started.json().get("backfillId").asText();
            kit.awaitUntil(k -> backfilled(k).size() >= 1);
            first.close();
            kit.awaitNoFiresFor("report", Duration.ofMillis(500)); // what the first instance committed has arrived
            int beforeRestart = backfilled(kit).size();
            assertThat(beforeRestart).as("stopped midway").isBetween(1, 2_999);

            SchedulerService second = kit.start(kit.scheduler().httpPort(0));
            kit.awaitUntil(k -> backfilled(k).size() >= 3_000);
            Http again = new Http(second.httpPort(), null);
            kit.awaitUntil(k -> again.get("/api/schedules/report").json().at("/backfill/done").asBoolean());

            List<TaskEvent> events = backfilled(kit);
            List<Instant> expected = FireTimes.between(Trigger.Cron.of("* * * * * ?"), FROM.minusMillis(1), TO.minusMillis(1), 5_000).times();
            assertThat(events).extracting(TaskEvent::scheduledAt).as("each time once, in order").containsExactlyElementsOf(expected);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.eventId()).isEqualTo(TaskEvent.backfillEventId("report", e.scheduledAt(), backfillId));
                assertThat(e.taskKey()).as("one key: the executors run them one after another").isEqualTo("report");
            });
            JsonNode progress = again.get("/api/schedules/report").json().get("backfill");
            assertThat(progress.get("fired").asLong()).isEqualTo(3_000);
            assertThat(progress.get("lastTime").asText()).isEqualTo(TO.minusSeconds(1).toString());
            kit.noDuplicateFires();
            assertThat(kit.fired("report")).filteredOn(e -> !e.eventId().contains("-backfill-"))
                    .as("the regular fires go on beside it").isNotEmpty();
        }
    }

    @Test
    void aBadRangeIsRefusedNamingItsFieldAndABackfillWaitsWhileItsScheduleIsPaused(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0));
            Http api = new Http(scheduler.httpPort(), null);
            api.put("/api/schedules/hourly", "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"0 0 * * * ?\"}, \"paused\": true}");
            api.put("/api/schedules/chain", "{\"taskType\": \"noop\", \"trigger\": {\"fixedDelayMs\": 60000}, \"paused\": true}");

            assertRefused(api, "hourly", "{\"from\": \"" + TO + "\", \"to\": \"" + FROM + "\"}", "to");
            assertRefused(api, "hourly", "{\"from\": \"2000-01-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"}", "to");
            assertRefused(api, "hourly", "{\"from\": \"" + FROM.plusSeconds(1) + "\", \"to\": \"" + FROM.plusSeconds(60) + "\"}", "from");
            assertRefused(api, "hourly", "{\"from\": \"" + FROM + "\", \"to\": \"" + TO + "\", \"overlap\": \"SOMETIMES\"}", "overlap");
            assertRefused(api, "hourly", "{\"from\": \"yesterday\", \"to\": \"" + TO + "\"}", "from");
            assertRefused(api, "hourly", "{\"to\": \"" + TO + "\"}", "from");
            assertRefused(api, "chain", "{\"from\": \"" + FROM + "\", \"to\": \"" + TO + "\"}", "trigger");

            Http.Response started = api.post("/api/schedules/hourly/backfill",
                    "{\"from\": \"" + FROM + "\", \"to\": \"" + FROM.plusSeconds(3 * 3_600) + "\", \"overlap\": \"ALLOW_ALL\"}");
            assertThat(started.status()).isEqualTo(202);
            assertThat(started.json().get("times").asInt()).isEqualTo(3);
            assertThat(api.post("/api/schedules/hourly/backfill", "{\"from\": \"" + FROM + "\", \"to\": \"" + TO + "\"}").status())
                    .as("the last one has not finished").isEqualTo(409);
            assertThat(kit.awaitNoFiresFor("hourly", Duration.ofSeconds(1))).as("paused: it waits").isZero();
            JsonNode waiting = api.get("/api/schedules/hourly").json().get("backfill");
            assertThat(waiting.get("fired").asLong()).isZero();
            assertThat(waiting.get("done").asBoolean()).isFalse();

            api.post("/api/schedules/hourly/resume", "");
            kit.awaitFired("hourly", 3);
            kit.awaitUntil(k -> api.get("/api/schedules/hourly").json().at("/backfill/done").asBoolean());
            assertThat(kit.fired("hourly")).extracting(TaskEvent::taskKey).as("ALLOW_ALL: each keyed by its event id")
                    .allSatisfy(key -> assertThat(key).contains("-backfill-"));
            assertThat(api.post("/api/schedules/hourly/backfill", "{\"from\": \"" + FROM + "\", \"to\": \"" + TO + "\"}").status())
                    .as("once done, another may start").isEqualTo(202);
        }
    }

    @Test
    void eachOverlapPolicyDecidesTheBackfillsTimesAsTheyAllComeDueAtOnce(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0));
            Http api = new Http(scheduler.httpPort(), null);
            Map<OverlapPolicy, String> backfills = new EnumMap<>(OverlapPolicy.class);
            for (OverlapPolicy overlap : List.of(OverlapPolicy.SKIP, OverlapPolicy.BUFFER_ONE, OverlapPolicy.CANCEL_OTHER,
                    OverlapPolicy.TERMINATE_OTHER)) {
                String id = overlap.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                api.put("/api/schedules/" + id, "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"0 0 * * * ?\"}}");
                Http.Response started = api.post("/api/schedules/" + id + "/backfill", "{\"from\": \"" + FROM + "\", \"to\": \""
                        + FROM.plusSeconds(6 * 3_600) + "\", \"overlap\": \"" + overlap + "\"}");
                assertThat(started.status()).as(overlap.name()).isEqualTo(202);
                backfills.put(overlap, started.json().get("backfillId").asText());
            }
            backfills.forEach((overlap, backfillId) -> {
                String id = overlap.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                kit.awaitUntil(k -> api.get("/api/schedules/" + id).json().at("/backfill/done").asBoolean());
            });

            assertBackfill(kit, api, "skip", 1, SkipReason.CONCURRENCY_FORBID);
            assertBackfill(kit, api, "buffer-one", 2, SkipReason.BUFFER_FULL);
            assertBackfill(kit, api, "cancel-other", 2, SkipReason.BUFFER_FULL);
            assertBackfill(kit, api, "terminate-other", 6, null);
            List<RunControl> stops = kit.runControls();
            assertThat(stops).filteredOn(c -> c.eventId().startsWith("cancel-other@")).as("the second cancels the first")
                    .extracting(RunControl::eventId, RunControl::action)
                    .containsExactly(tuple(backfillId("cancel-other", 0, backfills.get(OverlapPolicy.CANCEL_OTHER)),
                            RunControl.Action.CANCEL));
            assertThat(stops).filteredOn(c -> c.eventId().startsWith("terminate-other@")).as("each terminates the one before")
                    .extracting(RunControl::eventId).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 5)
                            .mapToObj(hour -> backfillId("terminate-other", hour, backfills.get(OverlapPolicy.TERMINATE_OTHER)))
                            .toArray(String[]::new));
            assertThat(stops).filteredOn(c -> c.eventId().startsWith("terminate-other@")).extracting(RunControl::action)
                    .containsOnly(RunControl.Action.TERMINATE);
            kit.noDuplicateFires();
        }
    }

    @Test
    void aForgedBackfillProgressCannotStopFiringAndTheBackfillStartsOver(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            Backfill backfill = new Backfill("b1", FROM, FROM.plusSeconds(3), null, 3, FROM);
            kit.put(ScheduleDefinition.builder("forged", "noop").cron("* * * * * ?").build().withBackfill(backfill));
            kit.put(ScheduleDefinition.builder("alive", "noop").every(Duration.ofSeconds(1)).build());
            // any producer can write the trigger-state topic: progress of that backfill with no last time and a count below zero
            kit.putRawTriggerState("forged", "{\"scheduleId\":\"forged\",\"fireCount\":0,"
                    + "\"backfill\":{\"id\":\"b1\",\"fired\":-5,\"done\":false}}");

            SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0));

            kit.awaitFired("alive", 3);
            kit.awaitUntil(k -> k.fired("forged").stream().filter(e -> e.eventId().contains("-backfill-")).count() >= 3);
            assertThat(kit.fired("forged")).filteredOn(e -> e.eventId().contains("-backfill-")).extracting(TaskEvent::scheduledAt)
                    .as("from its first time")
                    .containsExactly(FROM, FROM.plusSeconds(1), FROM.plusSeconds(2));
            assertThat(scheduler.health().path("status").asText()).isEqualTo("UP");
            assertThat(new Http(scheduler.httpPort(), null).get("/api/schedules/forged").status()).isEqualTo(200);
        }
    }

    /** Of the schedule's six backfill times, the first {@code fired} fired, in order, and the rest were skipped with {@code reason}. */
    private static void assertBackfill(SchedulerTestKit kit, Http api, String id, int fired, String reason) {
        List<Instant> hours = java.util.stream.IntStream.range(0, 6).mapToObj(hour -> FROM.plusSeconds(3_600L * hour)).toList();
        assertThat(kit.fired(id)).filteredOn(e -> e.eventId().contains("-backfill-")).extracting(TaskEvent::scheduledAt)
                .as(id + ": fired").containsExactlyElementsOf(hours.subList(0, fired));
        assertThat(kit.fired(id)).filteredOn(e -> e.eventId().contains("-backfill-")).extracting(TaskEvent::taskKey)
                .as(id + ": keyed by the task key, so each runs after the one before").containsOnly(id);
        List<TaskResult> skipped = kit.skipped(id).stream().filter(r -> r.eventId().contains("-backfill-")).toList();
        assertThat(skipped).extracting(TaskResult::scheduledAt).as(id + ": skipped").containsExactlyInAnyOrderElementsOf(
                hours.subList(fired, 6));
        assertThat(skipped).extracting(r -> r.error().type()).allSatisfy(type -> assertThat(type).isEqualTo(reason));
        JsonNode progress = api.get("/api/schedules/" + id).json().get("backfill");
        assertThat(progress.get("fired").asLong()).isEqualTo(fired);
        assertThat(progress.get("skipped").asLong()).isEqualTo(6 - fired);
    }

    private static String backfillId(String scheduleId, int hour, String backfillId) {
        return TaskEvent.backfillEventId(scheduleId, FROM.plusSeconds(3_600L * hour), backfillId);
    }

    private static List<TaskEvent> backfilled(SchedulerTestKit kit) {
        return kit.fired("report").stream().filter(e -> e.eventId().contains("-backfill-")).toList();
    }

    private static void assertRefused(Http api, String id, String body, String field) {
        Http.Response refused = api.post("/api/schedules/" + id + "/backfill", body);
        assertThat(refused.status()).as(body).isEqualTo(400);
        assertThat(refused.json().get("violations").get(0).get("field").asText()).as(body).isEqualTo(field);
    }
}

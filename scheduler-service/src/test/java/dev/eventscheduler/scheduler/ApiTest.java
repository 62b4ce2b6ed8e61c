package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.Jitter;
import dev.eventscheduler.model.RunState;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.validation.EventReader;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@KafkaTest
class ApiTest extends ApiTestBase {

    private static final String CRON_SCHEDULE = """
            {"taskType": "noop", "trigger": {"cron": "0 0 * * * ?", "timeZone": "UTC"}, "payload": {"a": 1}}""";
    /** A schedule that never fires while a test runs. */
    private static final String FAR_FUTURE_SCHEDULE = """
            {"taskType": "noop", "trigger": {"at": "2099-01-01T00:00:00Z"}}""";

    ApiTest(TestKafka kafka) {
        super(kafka, 3);
    }

    @Test
    void listsSchedulesAPageAtATimeInIdOrderFilteredByIdPrefixTaskTypeLabelStateAndLastRunsState() {
        for (int i = 0; i < 12; i++) {
            String labels = i % 3 == 0 ? ", \"labels\": {\"team\": \"finance\"}" : "";
            http.put(String.format("/api/schedules/job-%02d", i), "{\"taskType\": \"" + (i % 2 == 0 ? "noop" : "log")
                    + "\", \"trigger\": {\"cron\": \"0 0 * * * ?\"}, \"paused\": " + (i >= 10) + labels + "}");
        }
        http.put("/api/schedules/other", CRON_SCHEDULE);

        JsonNode page = http.get("/api/schedules?idPrefix=job-&offset=5&limit=4").json();
        assertThat(page.get("total").asInt()).isEqualTo(12);
        assertThat(page.get("schedules")).extracting(s -> s.get("id").asText())
                .containsExactly("job-05", "job-06", "job-07", "job-08");
        assertThat(ids(http.get("/api/schedules?taskType=log&label=team").json()))
                .as("odd ones, every third labelled").containsExactly("job-03", "job-09");
        assertThat(ids(http.get("/api/schedules?label=team=finance&state=paused").json())).containsExactly();
        assertThat(ids(http.get("/api/schedules?state=PAUSED").json())).containsExactly("job-10", "job-11");
        assertThat(http.get("/api/schedules").json().get("limit").asInt()).as("never all at once").isEqualTo(1_000);
        http.post("/api/schedules/job-04/trigger", "");
        kit.awaitUntil(k -> ids(http.get("/api/schedules?lastState=fired,FAILED").json()).equals(List.of("job-04")));
        assertThat(ids(http.get("/api/schedules?lastState=FAILED,TIMED_OUT,DEAD_LETTERED").json())).as("none failing").isEmpty();

        for (String bad : List.of("limit=0", "limit=1001", "offset=-1", "state=SLEEPING", "idPrefix=" + "x".repeat(401),
                "lastState=FAILED,BROKEN", "lastState=" + "FAILED,".repeat(11))) {
            Http.Response refused = http.get("/api/schedules?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().at("/violations/0/field").asText()).as(bad).isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
    }

    @Test
    void theOverviewCountsTheHoursRunsPerMinuteFromEveryRunKept() {
        String eventId = http.post("/api/events", "{\"taskType\": \"noop\"}").json().get("eventId").asText();
        kit.awaitUntil(k -> http.get("/api/runs/" + eventId).status() == 200);
        // one overview answers for a second: wait for one worked out after the run was read
        kit.awaitUntil(k -> {
            JsonNode overview = http.get("/api/overview").json();
            int runs = 0;
            for (JsonNode minute : overview.get("minutes")) {
                for (JsonNode count : minute.get("counts")) {
                    runs += count.asInt();
                }
            }
            return overview.get("minutes").size() == 60 && runs == 1;
        });
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new java.util.ArrayList<>();
        page.get("schedules").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    @Test
    void createsShowsPausesTriggersAndDeletesASchedule() {
        Http.Response created = http.put("/api/schedules/hourly", CRON_SCHEDULE);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("hourly");

        JsonNode shown = http.get("/api/schedules/hourly").json();
        assertThat(shown.get("definition").get("trigger").get("cron").asText()).isEqualTo("0 0 * * * ?");
        assertThat(shown.get("nextFireTimes")).hasSize(5);
        assertThat(Instant.parse(shown.get("nextFireTimes").get(0).asText()).getEpochSecond() % 3600).isZero();
        assertThat(http.get("/api/schedules").json().get("total").asInt()).isEqualTo(1);

        assertThat(http.post("/api/schedules/hourly/pause", "").json().get("paused").asBoolean()).isTrue();
        assertThat(http.get("/api/schedules/hourly").json().get("nextFireTimes")).isEmpty();
        assertThat(http.post("/api/schedules/hourly/resume", "").json().get("paused").asBoolean()).isFalse();

        Http.Response triggered = http.post("/api/schedules/hourly/trigger", "");
        assertThat(triggered.status()).isEqualTo(202);
        String eventId = triggered.json().get("eventId").asText();
        kit.awaitUntil(k -> k.fired("hourly").stream().anyMatch(e -> e.eventId().equals(eventId)));

        kit.awaitUntil(k -> eventId.equals(http.get("/api/schedules/hourly").json().get("summary").path("lastEventId").asText()));

        assertThat(http.delete("/api/schedules/hourly").status()).isEqualTo(204);
        assertThat(http.get("/api/schedules/hourly").status()).isEqualTo(404);
        assertThat(http.put("/api/schedules/hourly", CRON_SCHEDULE).status()).isEqualTo(201);
        assertThat(http.get("/api/schedules/hourly").json().get("summary").isEmpty())
                .as("the deleted schedule's summary is gone, not carried over to a new one of the same id").isTrue();
    }

    @Test
    void aPauseKeepsItsNoteWhoAndWhenWithTheScheduleUntilItIsResumed() {
        assertThat(http.put("/api/schedules/noted", CRON_SCHEDULE).status()).isEqualTo(201);
        Instant before = Instant.now();

        JsonNode paused = http.post("/api/schedules/noted/pause", """
                {"note": "database migration until 14:00", "by": "alice"}""").json();

        assertThat(paused.get("paused").asBoolean()).isTrue();
        JsonNode pause = http.get("/api/schedules/noted").json().path("definition").path("pause");
        assertThat(pause.path("note").asText()).isEqualTo("database migration until 14:00");
        assertThat(pause.path("by").asText()).isEqualTo("alice");
        assertThat(Instant.parse(pause.path("at").asText())).isBetween(before.minusSeconds(1), Instant.now());

        assertThat(http.post("/api/schedules/noted/resume", "").json().has("pause")).isFalse();
        assertThat(http.get("/api/schedules/noted").json().path("definition").has("pause")).as("resumed: the note goes").isFalse();
    }

    @Test
    void refusesAPauseNoteTooLongOrNotTextNamingTheFieldAndLeavesTheScheduleRunning() {
        assertThat(http.put("/api/schedules/unnoted", CRON_SCHEDULE).status()).isEqualTo(201);

        Http.Response tooLong = http.post("/api/schedules/unnoted/pause", "{\"note\": \"" + "x".repeat(1_001) + "\"}");
        Http.Response notText = http.post("/api/schedules/unnoted/pause", "{\"by\": 42}");
        Http.Response byTooLong = http.post("/api/schedules/unnoted/pause", "{\"by\": \"" + "b".repeat(201) + "\"}");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"field\":\"note\"").contains("at most 1000 characters");
        assertThat(notText.status()).isEqualTo(400);
        assertThat(notText.body()).contains("\"field\":\"by\"").contains("must be a string");
        assertThat(byTooLong.status()).isEqualTo(400);
        assertThat(byTooLong.body()).contains("\"field\":\"by\"").contains("at most 200 characters");
        assertThat(http.get("/api/schedules/unnoted").json().path("definition").path("paused").asBoolean()).isFalse();
        assertThat(http.post("/api/schedules/nothing-here/pause", "{\"note\": \"x\"}").status()).isEqualTo(404);
    }

    @Test
    void countsALateResultOfADeletedSchedulesRunNeitherForItNorForOneCreatedAgainEvenAfterARestart() {
        Instant before = Instant.ofEpochMilli(System.currentTimeMillis() - 60_000);
        assertThat(http.put("/api/schedules/later", FAR_FUTURE_SCHEDULE).status()).isEqualTo(201);
        publishResult("later@" + before.toEpochMilli(), "later", before, TaskStatus.STARTED);
        kit.awaitUntil(k -> http.get("/api/schedules/later").json().path("summary").has("lastEventId"));

        assertThat(http.delete("/api/schedules/later").status()).isEqualTo(204);
        assertThat(http.put("/api/schedules/later", FAR_FUTURE_SCHEDULE).status()).isEqualTo(201);
        Instant after = Instant.ofEpochMilli(System.currentTimeMillis() + 1_000);
        publishResult("later@" + before.toEpochMilli(), "later", before, TaskStatus.SUCCEEDED);
        publishResult("later@" + after.toEpochMilli(), "later", after, TaskStatus.SUCCEEDED);

        Map<String, Long> expected = Map.of("SUCCEEDED", 1L);
        kit.awaitUntil(k -> summaryCounts(http, "later@" + after.toEpochMilli()) != null);
        assertThat(summaryCounts(http, "later@" + after.toEpochMilli())).as("live").isEqualTo(expected);

        // a new instance's tracker reads it all again, the deletion among the runs around it
        Http restarted = new Http(kit.start(kit.scheduler().httpPort(0)).httpPort(), null);
        kit.awaitUntil(k -> summaryCounts(restarted, "later@" + after.toEpochMilli()) != null);
        assertThat(summaryCounts(restarted, "later@" + after.toEpochMilli())).as("after a restart").isEqualTo(expected);
    }

    /** The schedule's summary counts by state, once its last run is {@code lastEventId}; null before. */
    private static Map<String, Long> summaryCounts(Http http, String lastEventId) {
        JsonNode summary = http.get("/api/schedules/later").json().path("summary");
        if (!lastEventId.equals(summary.path("lastEventId").asText())) {
            return null;
        }
        Map<String, Long> counts = new TreeMap<>();
        summary.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    @Test
    void refusesAnInvalidScheduleNamingEveryFieldAndWritesNothing() {
        Http.Response refused = http.put("/api/schedules/bad",
                "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"not a cron\"}, \"retry\": {\"maxAttempts\": 0}}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("violations")).extracting(v -> v.get("field").asText())
                .containsExactlyInAnyOrder("trigger.cron", "retry.maxAttempts");
        assertThat(http.put("/api/schedules/x", "{\"id\": \"y\", \"taskType\": \"noop\", \"trigger\": {\"at\": \"2030-01-01T00:00:00Z\"}}")
                .json().get("violations").get(0).get("field").asText()).isEqualTo("id");
        assertThat(http.put("/api/schedules/x", "{not json").status()).isEqualTo(400);
        assertThat(http.get("/api/schedules/bad").status()).isEqualTo(404);
        assertThat(http.get("/api/schedules").json().get("total").asInt()).isZero();
    }

    @Test
    void publishesAOneOffEventFollowsItsRunToItsEndAndFindsItByPrefixInAnyOrder() {
        Http.Response accepted = http.post("/api/events", "{\"taskType\": \"noop\", \"taskKey\": \"customer-7\", \"payload\": {\"x\": 1}}");
        assertThat(accepted.status()).isEqualTo(202);
        String eventId = accepted.json().get("eventId").asText();
        kit.awaitUntil(k -> k.fired().stream().anyMatch(e -> e.eventId().equals(eventId) && e.taskKey().equals("customer-7")));

        publishResult(eventId, TaskStatus.STARTED);
        publishResult(eventId, TaskStatus.SUCCEEDED);
        publishResult(eventId, TaskStatus.STARTED);

        await().atMost(Duration.ofSeconds(20)).until(() -> "SUCCEEDED".equals(
                http.get("/api/runs/" + eventId).json().path("state").asText()));
        JsonNode runs = http.get("/api/runs?status=SUCCEEDED&limit=5").json();
        assertThat(runs.get("runs")).extracting(r -> r.get("eventId").asText()).contains(eventId);
        assertThat(http.post("/api/events", "{\"payload\": 1}").json().get("violations").get(0).get("field").asText())
                .isEqualTo("taskType");
        assertThat(http.get("/api/runs?status=DONE").status()).isEqualTo(400);
        assertThat(http.get("/api/runs/nope").status()).isEqualTo(404);

        String other = http.post("/api/events", "{\"taskType\": \"noop\", \"eventId\": \"other-run\"}").json()
                .get("eventId").asText();
        kit.awaitUntil(k -> http.get("/api/runs/" + other).status() == 200);
        assertThat(http.get("/api/runs?eventIdPrefix=" + eventId.substring(0, 8) + "&sort=finished&order=asc").json()
                .get("runs")).extracting(r -> r.get("eventId").asText()).containsExactly(eventId);
        assertThat(http.get("/api/runs?sort=scheduled&order=desc").json().get("runs")).hasSize(2);
        for (String bad : List.of("sort=SIDEWAYS", "order=up", "eventIdPrefix=" + "x".repeat(1_001))) {
            Http.Response refused = http.get("/api/runs?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().at("/violations/0/field").asText()).as(bad).isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
    }

    /** The dashboard draws its states from here, so they must be the model's: every state, in order, with its moves. */
    @Test
    void servesTheRunStatesAndTheirMovesFromTheModel() {
        JsonNode states = http.get("/api/run-states").json();

        assertThat(states).extracting(state -> state.get("state").asText())
                .containsExactly(Arrays.stream(RunState.values()).map(Enum::name).toArray(String[]::new));
        for (JsonNode served : states) {
            RunState state = RunState.valueOf(served.get("state").asText());
            assertThat(served.get("final").asBoolean()).as(state + " final").isEqualTo(state.isFinal());
            assertThat(served.get("next")).extracting(JsonNode::asText).as(state + " moves")
                    .containsExactlyInAnyOrderElementsOf(state.next().stream().map(Enum::name).toList());
            assertThat(served.get("color").asText()).as(state + " colour").matches("#[0-9a-f]{6}");
            assertThat(served.get("tone").asText()).as(state + " tone").isIn("ok", "failed", "skipped", "active");
        }
    }

    @Test
    void streamsRunChangesAsServerSentEvents() throws Exception {
        HttpRequest request = http.request("/api/stream").header("Accept", "text/event-stream").GET().build();
        CompletableFuture<String> runEvent = http.client().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    try (Stream<String> lines = response.body()) {
                        return lines.filter(line -> line.startsWith("data:") && line.contains("streamed-1")).findFirst().orElse("");
                    }
                });
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);

        publishResult("streamed-1", TaskStatus.SUCCEEDED);

        assertThat(runEvent.get(20, java.util.concurrent.TimeUnit.SECONDS)).contains("\"state\":\"SUCCEEDED\"");
    }

    @Test
    void servesTheDashboardAndPreviewsADefinitionWithoutWritingIt() {
        Http.Response page = http.get("/");
        Http.Response script = http.get("/app.js");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Event Scheduler</title>").contains("schedule-form").contains("app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("/api/schedules/preview").contains("EventSource");

        Http.Response preview = http.post("/api/schedules/preview",
                "{\"taskType\": \"log\", \"trigger\": {\"cron\": \"0 0 12 * * ?\", \"timeZone\": \"UTC\"}}");
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("nextFireTimes")).hasSize(5)
                .allSatisfy(t -> assertThat(t.asText()).endsWith("T12:00:00Z"));
        JsonNode kolkata = http.post("/api/schedules/preview",
                "{\"taskType\": \"log\", \"trigger\": {\"cron\": \"0 0 12 * * ?\", \"timeZone\": \"Asia/Kolkata\"}}").json();
        assertThat(kolkata.get("timeZone").asText()).isEqualTo("Asia/Kolkata");
        assertThat(kolkata.get("nextFireTimes")).allSatisfy(t -> assertThat(t.asText()).endsWith("T06:30:00Z"));
        assertThat(kolkata.get("localFireTimes")).hasSize(5).allSatisfy(t -> assertThat(t.asText()).endsWith("T12:00+05:30"));
        Http.Response refused = http.post("/api/schedules/preview", "{\"taskType\": \"log\", \"trigger\": {\"cron\": \"nope\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("violations").get(0).get("field").asText()).isEqualTo("trigger.cron");
        assertThat(http.get("/api/schedules").json().get("total").asInt()).as("a preview writes nothing").isZero();
    }

    @Test
    void previewsWhenAJitteredScheduleFiresAndHowManyOfItsMaxRunsAreLeft() {
        String body = "{\"id\": \"spread\", \"taskType\": \"log\", \"trigger\": {\"cron\": \"0 0 * * * ?\"},"
                + " \"jitterMs\": 600000, \"maxRuns\": 3}";
        JsonNode preview = http.post("/api/schedules/preview", body).json();
        ScheduleDefinition definition = EventReader.readSchedule(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(preview.get("nextFireTimes")).as("no more than its runs").hasSize(3);
        assertThat(preview.get("remainingRuns").asLong()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Instant scheduled = Instant.parse(preview.get("nextFireTimes").get(i).asText());
            assertThat(Instant.parse(preview.get("nextDueTimes").get(i).asText()))
                    .isEqualTo(Jitter.dueAt(definition, scheduled)).isBefore(scheduled.plusSeconds(600));
        }
        JsonNode plain = http.post("/api/schedules/preview", "{\"taskType\": \"log\", \"trigger\": {\"cron\": \"0 0 * * * ?\"}}").json();
        assertThat(plain.has("nextDueTimes")).as("only with jitter").isFalse();
        assertThat(plain.has("remainingRuns")).isFalse();
    }

    @Test
    void previewsAFixedDelayAsItsFirstTimeAndWhatFollows() {
        JsonNode preview = http.post("/api/schedules/preview", "{\"taskType\": \"log\", \"trigger\": {\"fixedDelayMs\": 60000}}").json();

        assertThat(preview.get("nextFireTimes")).as("as soon as it is written").hasSize(1);
        assertThat(preview.get("note").asText()).isEqualTo("then each time 60000 ms after the previous run's final result");
        Http.Response tooShort = http.post("/api/schedules/preview", "{\"taskType\": \"log\", \"trigger\": {\"fixedDelayMs\": 1}}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().get("violations").get(0).get("field").asText()).isEqualTo("trigger.fixedDelayMs");
    }

    @Test
    void servesHealthAndMetrics() {
        Http.Response health = http.get("/health");
        Http.Response metrics = http.get("/metrics");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("kafkaReachable").asBoolean()).isTrue();
        assertThat(metrics.body()).contains("scheduler_fires_total").contains("scheduler_fire_lag_seconds")
                .contains("scheduler_transactions_total").contains("kafka_consumer");
    }

    private void publishResult(String eventId, TaskStatus status) {
        publishResult(eventId, null, null, status);
    }

    private void publishResult(String eventId, String scheduleId, Instant scheduledAt, TaskStatus status) {
        TaskResult result = new TaskResult(eventId, scheduleId, "customer-7", "noop", 1, status, null, null, scheduledAt,
                Instant.now(), status == TaskStatus.STARTED ? null : Instant.now(), "test");
        kit.putResult(result);
    }
}

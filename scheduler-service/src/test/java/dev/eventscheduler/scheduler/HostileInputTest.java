package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or careless client sends, over REST and straight onto the topics: each is refused
 * with a problem naming the field, or recorded with its reason, and nothing stops the firing of
 * every other schedule.
 */
@KafkaTest
class HostileInputTest extends ApiTestBase {

    private static final String FAR_AT = "+999999999-12-31T23:59:59Z";
    private static final String EVERY_HOUR = "{\"taskType\":\"%s\",\"trigger\":{\"cron\":\"0 0 * * * ?\"}}";

    HostileInputTest(TestKafka kafka) {
        super(kafka, 2);
    }

    @Test
    void aTimeAtTheEndOfInstantsIsRefusedOverRestAndCannotStopFiringFromTheTopic() {
        Http.Response refused = http.put("/api/schedules/far", "{\"taskType\":\"log\",\"trigger\":{\"at\":\"" + FAR_AT + "\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(fields(refused)).containsExactly("trigger.at");
        assertThat(fields(http.post("/api/schedules/preview",
                "{\"taskType\":\"log\",\"trigger\":{\"intervalMs\":1000,\"startAt\":\"" + FAR_AT + "\"}}")))
                .containsExactly("trigger.startAt");

        // any producer can write what the API refuses
        kit.putRaw("far", "{\"id\":\"far\",\"taskType\":\"log\",\"trigger\":{\"at\":\"" + FAR_AT + "\"}}");
        kit.putRaw("far-start", "{\"id\":\"far-start\",\"taskType\":\"log\",\"trigger\":{\"intervalMs\":1000,\"startAt\":\""
                + FAR_AT + "\"}}");
        kit.put(ScheduleDefinition.of("alive", "noop", Trigger.Interval.every(200)));
        kit.awaitFired("alive", 3);

        assertThat(scheduler.health().path("status").asText()).isEqualTo("UP");
        JsonNode far = http.get("/api/schedules/far").json();
        assertThat(far.path("firing").asBoolean(true)).as("listed as not firing").isFalse();
        assertThat(far.path("problems").get(0).path("field").asText()).isEqualTo("trigger.at");
        assertThat(http.delete("/api/schedules/far").status()).isEqualTo(204);
        assertThat(http.get("/api/schedules/far").status()).isEqualTo(404);
    }

    @Test
    void recordsTheSchedulerRefusesAreListedWithTheirProblemsAndCanBeDeleted() {
        kit.putRaw("key-a", "{\"id\":\"id-b\",\"taskType\":\"log\",\"trigger\":{\"cron\":\"0 0 * * * ?\"}}");
        kit.putRaw("bad id", "{\"id\":\"bad id\",\"taskType\":\"log\",\"trigger\":{\"cron\":\"0 0 * * * ?\"}}");
        kit.putRaw("not-json", "{\"id\":");
        kit.awaitUntil(k -> http.get("/api/schedules").json().path("total").asInt() == 3);

        JsonNode listed = http.get("/api/schedules").json().path("schedules");
        assertThat(listed).allSatisfy(schedule -> {
            assertThat(schedule.path("firing").asBoolean(true)).isFalse();
            assertThat(schedule.path("nextFireTimes")).isEmpty();
            assertThat(schedule.path("problems")).isNotEmpty();
        });
        assertThat(StreamSupport.stream(listed.spliterator(), false).map(s -> s.path("id").asText()))
                .as("listed under the key they are stored and deleted by").containsExactly("bad id", "key-a", "not-json");
        assertThat(http.post("/api/schedules/key-a/trigger", "").status()).as("a refused record cannot fire").isEqualTo(400);

        for (String key : List.of("key-a", "bad%20id", "not-json")) {
            assertThat(http.delete("/api/schedules/" + key).status()).as("DELETE %s", key).isEqualTo(204);
        }
        assertThat(http.get("/api/schedules").json().path("total").asInt()).isZero();
    }

    @Test
    void aOneShotWhoseTimeHasPassedFiresOnceAtOnceOrIsRecordedAsSkipped() {
        Instant hourAgo = Instant.now().minusSeconds(3_600);
        assertThat(http.put("/api/schedules/late", "{\"taskType\":\"noop\",\"trigger\":{\"at\":\"" + hourAgo + "\"}}")
                .status()).isEqualTo(201);
        assertThat(http.put("/api/schedules/late-skip", "{\"taskType\":\"noop\",\"misfirePolicy\":\"SKIP\","
                + "\"trigger\":{\"at\":\"" + hourAgo + "\"}}").status()).isEqualTo(201);

        kit.awaitFired("late", 1);
        kit.awaitUntil(k -> !k.skipped("late-skip").isEmpty());
        assertThat(kit.skipped("late-skip").get(0).scheduledAt()).isEqualTo(hourAgo);
        assertThat(kit.fired("late-skip")).isEmpty();
        kit.noDuplicateFires();
    }

    @Test
    void aOneOffEventCannotTakeTheIdOrTheScheduleOfAScheduledFire() {
        assertThat(http.put("/api/schedules/nightly", "{\"taskType\":\"noop\",\"trigger\":{\"cron\":\"0 0 2 * * ?\"}}")
                .status()).isEqualTo(201);
        long next = Instant.parse(http.get("/api/schedules/nightly").json().path("nextFireTimes").get(0).asText())
                .toEpochMilli();

        assertThat(fields(http.post("/api/events", "{\"taskType\":\"noop\",\"eventId\":\"nightly@" + next + "\"}")))
                .containsExactly("eventId");
        assertThat(fields(http.post("/api/events", "{\"taskType\":\"noop\",\"scheduleId\":\"nightly\"}")))
                .containsExactly("scheduleId");
        assertThat(http.post("/api/events", "{\"taskType\":\"noop\",\"eventId\":\"mine-1\"}").status()).isEqualTo(202);
    }

    @Test
    void definitionsThatCouldNeverFireOrThatHideTheirTypesAreRefusedNamingTheField() {
        assertThat(fields(http.put("/api/schedules/s", "{\"taskType\":\"noop\",\"trigger\":{\"intervalMs\":\"1000\"}}")))
                .as("a number in quotes is not read as one").contains("trigger.intervalMs");
        assertThat(fields(http.put("/api/schedules/s", "{\"taskType\":\"noop\",\"trigger\":{\"intervalMs\":1}}")))
                .containsExactly("trigger.intervalMs");
        assertThat(fields(http.put("/api/schedules/s", "{\"taskType\":\"noop\",\"trigger\":{\"intervalMs\":"
                + Long.MAX_VALUE + "}}"))).containsExactly("trigger.intervalMs");
        assertThat(fields(http.put("/api/schedules/s", "{\"taskType\":\"noop\",\"trigger\":{\"cron\":\"0 0 0 1 1 ? 2001\"}}")))
                .containsExactly("trigger.cron");
        assertThat(fields(http.put("/api/schedules/s", "{\"taskType\":\"noop\",\"trigger\":{\"cron\":\"0 0 0 30 2 ?\"}}")))
                .containsExactly("trigger.cron");
        assertThat(fields(http.put("/api/schedules/s", "{\"taskType\":\"noop\",\"trigger\":{\"intervalMs\":1000,"
                + "\"endAt\":\"2001-01-01T00:00:00Z\"}}"))).containsExactly("trigger.endAt");
    }

    @Test
    void aTaskTypeNoExecutorRunsIsSavedWithAWarningNamingTheField() {
        assertThat(http.post("/api/schedules/preview", EVERY_HOUR.formatted("mystery")).json().path("warnings"))
                .as("no result read yet: nothing to go by").isEmpty();
        kit.putResult(result("ran-1", "log", TaskStatus.SUCCEEDED, null));
        kit.putResult(result("refused-1", "typo", TaskStatus.FAILED,
                new TaskError(TaskError.UNKNOWN_TASK_TYPE, "no handler for task type 'typo'")));
        // what the scheduler writes itself says nothing of the executors
        kit.putResult(result("skipped-1", "waiting", TaskStatus.SKIPPED, new TaskError(SkipReason.CONCURRENCY_FORBID, "skipped")));
        kit.putResult(result("buffered-1", "waiting", TaskStatus.BUFFERED, null));
        kit.putResult(result("given-up-1", "waiting", TaskStatus.TIMED_OUT, new TaskError(TaskError.NO_RESULT, "no result")));
        kit.awaitUntil(k -> http.post("/api/schedules/preview", EVERY_HOUR.formatted("typo")).json()
                .path("warnings").size() == 1);
        kit.awaitUntil(k -> http.get("/api/runs?limit=10").json().path("total").asInt() >= 5);
        assertThat(http.post("/api/schedules/preview", EVERY_HOUR.formatted("waiting")).json().path("warnings"))
                .as("a type only the scheduler wrote results of").hasSize(1);

        assertThat(http.post("/api/schedules/preview", EVERY_HOUR.formatted("log")).json().path("warnings")).isEmpty();
        Http.Response unseen = http.put("/api/schedules/unseen", EVERY_HOUR.formatted("mystery"));
        assertThat(unseen.status()).as("a warning refuses nothing").isEqualTo(201);
        assertThat(unseen.json().path("warnings").get(0).path("field").asText()).isEqualTo("taskType");
        assertThat(http.put("/api/schedules/refused", EVERY_HOUR.formatted("typo")).json().path("warnings").get(0)
                .path("message").asText()).contains("no handler runs this type");
    }

    private static TaskResult result(String eventId, String taskType, TaskStatus status, TaskError error) {
        return new TaskResult(eventId, null, eventId, taskType, 1, status, null, error, Instant.now(), Instant.now(),
                Instant.now(), "executor-1");
    }

    @Test
    void aChunkedBodyPastTheLimitIsRefusedWithoutBeingReadWhole() {
        byte[] twoMiB = ("{\"taskType\":\"noop\",\"payload\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes();
        // no length: the client sends it chunked
        HttpRequest chunked = http.request("/api/events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(twoMiB))).build();

        HttpResponse<String> answer = send(chunked);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(http.get("/api/schedules").status()).isEqualTo(200);
    }

    @Test
    void everyErrorIsAProblemDocument() {
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(send(http.request("/api/nothing-here").GET().build()));
        answers.add(send(http.request("/no-such-page").GET().build()));
        answers.add(send(http.request("/api/schedules/x").method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build()));
        answers.add(send(http.request("/api/schedules?q=" + "x".repeat(100_000)).GET().build()));
        answers.add(send(http.request("/api/events").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"taskType\":\"noop\"}")).build()));
        answers.add(send(http.request("/api/runs?limit=none").GET().build()));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(404, 404, 405, 414, 415, 400);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = dev.eventscheduler.model.json.EventJson.readTree(answer.body());
            assertThat(problem.path("status").asInt()).isEqualTo(answer.statusCode());
            assertThat(problem.path("title").asText()).isNotBlank();
            assertThat(problem.path("detail").asText()).isNotBlank();
        });
    }

    @Test
    void crossSiteWritesAreRefusedEvenWithoutAToken() {
        String body = "{\"taskType\":\"noop\",\"trigger\":{\"cron\":\"0 0 * * * ?\"}}";
        assertThat(http.put("/api/schedules/mine", body).status()).isEqualTo(201);

        HttpResponse<String> foreignOrigin = send(http.request("/api/schedules/mine/pause").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> crossSite = send(http.request("/api/schedules/mine/trigger").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> formPost = send(http.request("/api/events").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("taskType=noop")).build());
        HttpResponse<String> sameOrigin = send(http.request("/api/schedules/mine/pause")
                .header("Origin", "http://127.0.0.1:" + scheduler.httpPort()).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(List.of(foreignOrigin, crossSite, formPost)).extracting(HttpResponse::statusCode).containsExactly(403, 403, 415);
        assertThat(sameOrigin.statusCode()).as("the dashboard's own writes").isEqualTo(200);
    }

    @Test
    void aServerOnLoopbackAnswersOnlyToLoopbackNamesAndSendsSecurityHeaders() throws Exception {
        assertThat(RawHttp.statusLine(scheduler.httpPort(), "GET /api/schedules HTTP/1.1\r\nHost: rebound.example:"
                + scheduler.httpPort() + "\r\nConnection: close\r\n\r\n")).contains(" 421 ");
        assertThat(RawHttp.statusLine(scheduler.httpPort(), "GET /api/schedules HTTP/1.1\r\nHost: localhost:"
                + scheduler.httpPort() + "\r\nConnection: close\r\n\r\n")).contains(" 200 ");

        for (String path : List.of("/", "/api/schedules", "/api/nothing-here")) {
            HttpResponse<String> answer = send(http.request(path).GET().build());
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path).get().asString()
                    .contains("frame-ancestors 'none'");
        }
    }

    @Test
    void openStreamsAreBoundedAndTheirPlacesComeBackWhenClientsLeave() throws Exception {
        int limit = dev.eventscheduler.scheduler.api.ApiServer.MAX_STREAMS;
        List<RawHttp.Stream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                streams.add(RawHttp.openStream(scheduler.httpPort()));
            }
            assertThat(streams).allSatisfy(stream -> assertThat(stream.status()).isEqualTo(200));
            try (RawHttp.Stream refused = RawHttp.openStream(scheduler.httpPort())) {
                assertThat(refused.status()).as("one past the limit").isEqualTo(503);
            }
        } finally {
            streams.forEach(RawHttp.Stream::close);
        }
        kit.awaitUntil(k -> {
            try (RawHttp.Stream again = RawHttp.openStream(scheduler.httpPort())) {
                return again.status() == 200;
            }
        });
    }

    @Test
    void aRunTimeoutOutOfRangeIsRefusedOverRestByTheClientAndOnTheTopic() {
        for (String runTimeout : List.of("0", "999", "-9223372036854775808", "31622400001", "9223372036854775807")) {
            assertThat(fields(http.put("/api/schedules/slow", "{\"taskType\":\"log\",\"trigger\":{\"intervalMs\":1000},"
                    + "\"concurrency\":\"FORBID\",\"runTimeoutMs\":" + runTimeout + "}"))).as(runTimeout).containsExactly("runTimeoutMs");
        }
        assertThat(http.put("/api/schedules/slow", "{\"taskType\":\"log\",\"trigger\":{\"intervalMs\":1000},"
                + "\"runTimeoutMs\":9223372036854775808}").status()).as("past a long").isEqualTo(400);
        try (SchedulerClient client = SchedulerClient.builder().bootstrapServers(kit.kafka.bootstrapServers()).topics(kit.topics).build()) {
            assertThatThrownBy(() -> client.upsert(ScheduleDefinition.builder("slow", "log").every(Duration.ofSeconds(1))
                    .runTimeout(Duration.ofMillis(999)).build()))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("runTimeoutMs");
        }

        kit.putRaw("slow", "{\"id\":\"slow\",\"taskType\":\"log\",\"trigger\":{\"intervalMs\":100},\"runTimeoutMs\":0}");
        kit.awaitUntil(k -> http.get("/api/schedules/slow").status() == 200);
        JsonNode refused = http.get("/api/schedules/slow").json();
        assertThat(refused.path("firing").asBoolean(true)).as("listed as not firing").isFalse();
        assertThat(refused.path("problems").get(0).path("field").asText()).isEqualTo("runTimeoutMs");
        assertThat(kit.awaitNoFiresFor("slow", Duration.ofSeconds(1))).as("a refused record does not fire").isZero();
    }

    @Test
    void readinessWaitsForPartitionsSchedulesAndTheTrackerWhileLivenessAsksOnlyThatTheLoopsRun() {
        SchedulerService notStarted = kit.scheduler().build();
        assertThat(notStarted.health().path("status").asText()).isEqualTo("DOWN");
        assertThat(notStarted.health().path("live").asBoolean()).isFalse();

        JsonNode health = http.get("/health").json();
        assertThat(health.path("joinedGroup").asBoolean()).isTrue();
        assertThat(health.path("trackerCaughtUp").asBoolean()).isTrue();
        assertThat(List.of("/health", "/health/ready", "/health/live")).allSatisfy(path ->
                assertThat(http.get(path).status()).as(path).isEqualTo(200));
    }

    private static List<String> fields(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.json().path("violations").forEach(v -> fields.add(v.path("field").asText()));
        return fields;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Notify rules end to end: a run that ends as a rule says is told to the rule's webhook (a real
 * HTTP server on loopback) by exactly one instance, with retries, a dead letter of its own when it
 * never gets through, streaks and pause on failure; the API refuses what could never be sent.
 */
@KafkaTest
class NotifyTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private final HttpServer server;
    /** Bodies each path answered 2xx to, in order. */
    private final Map<String, List<JsonNode>> delivered = new ConcurrentHashMap<>();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private final AtomicInteger downCalls = new AtomicInteger();
    private final SchedulerTestKit kit;
    private final Http http;

    NotifyTest(TestKafka kafka) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> answer(exchange, "/hook", 200));
        server.createContext("/flaky", exchange -> answer(exchange, "/flaky", flakyCalls.incrementAndGet() <= 2 ? 500 : 200));
        server.createContext("/down", exchange -> {
            downCalls.incrementAndGet();
            answer(exchange, "/down", 503);
        });
        server.start();
        kit = new SchedulerTestKit(kafka, 3);
        SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0)
                .webhookAllowedHosts(Set.of("127.0.0.1:" + server.getAddress().getPort()))
                .webhookRetryBackoff(Duration.ofMillis(20)));
        http = new Http(scheduler.httpPort(), null);
    }

    @AfterEach
    void stop() {
        kit.close();
        server.stop(0);
    }

    @Test
    void aRunOfTheRulesScheduleThatFailsIsToldToItsWebhookOnceWithWhatAndWhyAndOneThatSucceedsIsNot() {
        rule("nightly-fails", "{\"scheduleId\": \"nightly\", \"webhook\": \"" + url("/hook") + "\"}");

        end("nightly", 1, TaskStatus.SUCCEEDED);
        end("other", 2, TaskStatus.FAILED);
        end("nightly", 3, TaskStatus.DEAD_LETTERED);

        JsonNode told = awaitDelivered("/hook", 1).get(0);
        assertThat(told.get("text").asText()).isEqualTo("Schedule nightly: run nightly@" + T.plusSeconds(3).toEpochMilli()
                + " ended DEAD_LETTERED after attempt 3: BOOM: the database is down");
        assertThat(told.get("notificationId").asText()).isEqualTo("nightly-fails:nightly@" + T.plusSeconds(3).toEpochMilli());
        assertThat(told.get("state").asText()).isEqualTo("DEAD_LETTERED");
        assertThat(told.at("/run/error/message").asText()).isEqualTo("the database is down");
        end("nightly", 4, TaskStatus.FAILED);
        assertThat(awaitDelivered("/hook", 2)).as("the success and the other schedule's failure told nothing").hasSize(2);
    }

    @Test
    void withTwoInstancesEachRunIsToldOnceByOneOfThem() {
        kit.start(kit.scheduler().httpPort(-1).webhookAllowedHosts(Set.of("127.0.0.1:" + server.getAddress().getPort()))
                .webhookRetryBackoff(Duration.ofMillis(20)));
        rule("everything", "{\"webhook\": \"" + url("/hook") + "\"}");

        for (int i = 0; i < 12; i++) {
            end("schedule-" + i, 1, TaskStatus.FAILED); // a key each: spread over the partitions, so over both instances
        }
        awaitDelivered("/hook", 12);
        end("last", 1, TaskStatus.FAILED);

        List<JsonNode> told = awaitDelivered("/hook", 13);
        assertThat(told).extracting(n -> n.get("notificationId").asText()).doesNotHaveDuplicates().hasSize(13);
    }

    @Test
    void aRunStillRunningPastTheRulesTimeIsToldOnceAndOneThatEndedInTimeIsNot() {
        rule("too-slow", "{\"taskType\": \"noop\", \"on\": [], \"longerThanMs\": 1000, \"webhook\": \"" + url("/hook") + "\"}");

        Instant now = Instant.now();
        kit.putResult(started("slow@1", now));
        kit.putResult(started("quick@1", now));
        kit.putResult(ended(started("quick@1", now), TaskStatus.SUCCEEDED));

        JsonNode told = awaitDelivered("/hook", 1).get(0);
        assertThat(told.get("text").asText()).startsWith("Schedule slow: run slow@1 has run longer than 1s (attempt 1, started ");
        assertThat(told.get("state").asText()).isEqualTo("STARTED");
        kit.putResult(ended(started("slow@1", now), TaskStatus.FAILED)); // it failed in the end: "on" is empty, so nothing more
        kit.putResult(started("slow@2", Instant.now()));
        assertThat(awaitDelivered("/hook", 2)).extracting(n -> n.at("/run/eventId").asText()).containsExactly("slow@1", "slow@2");
    }

    @Test
    void aRunningRunIsStillWatchedAfterItsPartitionMovesToAnotherInstance() {
        rule("moved", "{\"on\": [], \"longerThanMs\": 6000, \"webhook\": \"" + url("/hook") + "\"}");
        TaskResult running = started("moving@1", Instant.now());
        kit.putResult(running);
        kit.awaitUntil(k -> http.get("/api/runs/moving@1").json().path("state").asText().equals("STARTED"));

        kit.start(kit.scheduler().httpPort(-1).webhookAllowedHosts(Set.of("127.0.0.1:" + server.getAddress().getPort())));

        assertThat(awaitDelivered("/hook", 1).get(0).at("/run/eventId").asText()).isEqualTo("moving@1");
    }

    private static TaskResult started(String eventId, Instant at) {
        String scheduleId = eventId.substring(0, eventId.indexOf('@'));
        return new TaskResult(eventId, scheduleId, scheduleId, "noop", 1, TaskStatus.STARTED, null, null, T, at, null, "test-executor");
    }

    private static TaskResult ended(TaskResult started, TaskStatus status) {
        return new TaskResult(started.eventId(), started.scheduleId(), started.taskKey(), started.taskType(), started.attempt(),
                status, null, status == TaskStatus.SUCCEEDED ? null : new TaskError("BOOM", "late"), started.scheduledAt(),
                started.startedAt(), started.startedAt().plusMillis(1), started.executorId());
    }

    @Test
    void aRuleAfterThreeTellsOnceWhenAStreakReachesThree() {
        rule("three", "{\"scheduleId\": \"flaky-job\", \"after\": 3, \"on\": [\"FAILED\", \"TIMED_OUT\"], \"webhook\": \""
                + url("/hook") + "\"}");

        for (int i = 1; i <= 5; i++) {
            endAndAwaitTracked("flaky-job", i, i == 3 ? TaskStatus.TIMED_OUT : TaskStatus.FAILED);
        }
        endAndAwaitTracked("flaky-job", 6, TaskStatus.SUCCEEDED);
        for (int i = 7; i <= 9; i++) {
            endAndAwaitTracked("flaky-job", i, TaskStatus.FAILED);
        }

        List<JsonNode> told = awaitDelivered("/hook", 2);
        assertThat(told).extracting(n -> n.at("/run/eventId").asText()).containsExactly(
                "flaky-job@" + T.plusSeconds(3).toEpochMilli(), "flaky-job@" + T.plusSeconds(9).toEpochMilli());
        assertThat(told).extracting(n -> n.get("consecutive").asInt()).containsExactly(3, 3);
    }

    @Test
    void aWebhookThatFailsIsTriedAgainAndOneThatNeverAnswersWellIsDeadLetteredWithWhy() {
        rule("flaky-hook", "{\"scheduleId\": \"a\", \"webhook\": \"" + url("/flaky") + "\"}");
        rule("down-hook", "{\"scheduleId\": \"b\", \"webhook\": \"" + url("/down") + "\"}");

        end("a", 1, TaskStatus.FAILED);
        end("b", 1, TaskStatus.FAILED);

        assertThat(awaitDelivered("/flaky", 1)).hasSize(1);
        assertThat(flakyCalls.get()).isEqualTo(3);
        kit.awaitUntil(k -> !k.records(kit.topics.notificationDeadLetters()).isEmpty());
        ConsumerRecord<String, byte[]> dead = kit.records(kit.topics.notificationDeadLetters()).get(0);
        assertThat(dead.key()).isEqualTo("down-hook");
        assertThat(new String(dead.headers().lastHeader(EventHeaders.DLQ_ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                .isEqualTo("answered HTTP 503");
        assertThat(EventJson.readTree(new String(dead.value(), StandardCharsets.UTF_8)).at("/run/scheduleId").asText()).isEqualTo("b");
        assertThat(downCalls.get()).as("every try was made").isEqualTo(4);
    }

    @Test
    void pauseOnFailurePausesTheSchedulesAndSaysWhichRuleDid() {
        kit.put(ScheduleDefinition.builder("hourly", "noop").cron("0 0 * * * ?").build());
        kit.awaitUntil(k -> http.get("/api/schedules/hourly").status() == 200);
        rule("stop-it", "{\"scheduleId\": \"hourly\", \"pauseOnFailure\": true, \"webhook\": \"" + url("/hook") + "\"}");

        end("hourly", 1, TaskStatus.FAILED);

        assertThat(awaitDelivered("/hook", 1).get(0).get("schedulePaused").asBoolean()).isTrue();
        kit.awaitUntil(k -> http.get("/api/schedules/hourly").json().path("state").asText().equals("PAUSED"));
        assertThat(http.get("/api/schedules/hourly").json().at("/definition/pause/by").asText()).isEqualTo("notify rule stop-it");
    }

    @Test
    void theApiRefusesARuleThatCouldNeverBeSentOrBreaksItsBoundsAndAForgedOneIsNeverSent() {
        for (String bad : List.of("{\"webhook\": \"http://elsewhere.example:80/x\"}|webhook",
                "{\"webhook\": \"ftp://127.0.0.1/x\"}|webhook", "{\"after\": 0, \"webhook\": \"" + url("/hook") + "\"}|after",
                "{\"after\": 101, \"webhook\": \"" + url("/hook") + "\"}|after",
                "{\"on\": [\"STARTED\"], \"webhook\": \"" + url("/hook") + "\"}|on",
                "{\"on\": [], \"webhook\": \"" + url("/hook") + "\"}|on",
                "{\"longerThanMs\": 999, \"webhook\": \"" + url("/hook") + "\"}|longerThanMs", "{}|webhook")) {
            String[] parts = bad.split("\\|");
            Http.Response refused = http.put("/api/notify-rules/bad", parts[0]);
            assertThat(refused.status()).as(parts[0]).isEqualTo(400);
            assertThat(refused.json().at("/violations/0/field").asText()).as(parts[0]).isEqualTo(parts[1]);
        }
        assertThat(http.get("/api/notify-rules/bad").status()).isEqualTo(404);

        // any producer can write the topic: a rule to a host not allowed is dead-lettered when it fires, never sent
        kit.send(new ProducerRecord<>(kit.topics.notifyRules(), "forged", ("{\"name\": \"forged\", \"webhook\": "
                + "\"http://169.254.169.254/latest\"}").getBytes(StandardCharsets.UTF_8)));
        kit.send(new ProducerRecord<>(kit.topics.notifyRules(), "garbage", "{not json".getBytes(StandardCharsets.UTF_8)));
        kit.awaitUntil(k -> http.get("/api/notify-rules/forged").status() == 200);
        assertThat(http.get("/api/notify-rules/garbage").status()).isEqualTo(404);
        end("any", 1, TaskStatus.FAILED);
        kit.awaitUntil(k -> !k.records(kit.topics.notificationDeadLetters()).isEmpty());
        assertThat(new String(kit.records(kit.topics.notificationDeadLetters()).get(0).headers()
                .lastHeader(EventHeaders.DLQ_ERROR_MESSAGE).value(), StandardCharsets.UTF_8)).startsWith("host 169.254.169.254:80 is not allowed");

        assertThat(http.put("/api/notify-rules/good", "{\"taskType\": \"http\", \"webhook\": \"" + url("/hook") + "\"}").status())
                .isEqualTo(201);
        assertThat(http.get("/api/notify-rules").json().get("total").asInt()).isEqualTo(2);
        assertThat(http.delete("/api/notify-rules/good").status()).isEqualTo(204);
    }

    private void rule(String name, String json) {
        Http.Response put = http.put("/api/notify-rules/" + name, json);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
    }

    /** The final result of run {@code i} of {@code scheduleId} (scheduled {@code i} seconds after T), as an executor writes it. */
    private TaskResult end(String scheduleId, int i, TaskStatus status) {
        Instant scheduledAt = T.plusSeconds(i);
        TaskResult result = new TaskResult(scheduleId + "@" + scheduledAt.toEpochMilli(), scheduleId, scheduleId, "noop", 3,
                status, null, status == TaskStatus.SUCCEEDED ? null : new TaskError("BOOM", "the database is down"),
                scheduledAt, scheduledAt, scheduledAt.plusMillis(5), "test-executor");
        kit.putResult(result);
        return result;
    }

    /** As {@link #end}, then waits until the tracker shows the run ended so: a streak counts the runs it keeps. */
    private void endAndAwaitTracked(String scheduleId, int i, TaskStatus status) {
        TaskResult result = end(scheduleId, i, status);
        kit.awaitUntil(k -> http.get("/api/runs/" + result.eventId()).json().path("state").asText().equals(status.name()));
    }

    private List<JsonNode> awaitDelivered(String path, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> List.copyOf(delivered.getOrDefault(path, List.of())),
                told -> told.size() >= count);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void answer(HttpExchange exchange, String path, int status) throws IOException {
        JsonNode body = EventJson.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (status / 100 == 2) {
            delivered.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}

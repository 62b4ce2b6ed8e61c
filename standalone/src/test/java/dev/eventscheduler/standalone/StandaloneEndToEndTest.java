package dev.eventscheduler.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole product as a newcomer runs it: broker, scheduler and executor in this JVM, used over REST and Kafka. */
class StandaloneEndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void firesRunsAndReportsThenResumesOnTheSameDataAfterARestart(@TempDir Path data) throws Exception {
        Instant restartedAt;
        try (Standalone stack = stack(data).build().start()) {
            HttpResponse<String> created = send(stack, HttpRequest.newBuilder(uri(stack, "/api/schedules/every-second"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"* * * * * ?\"}}")));
            assertThat(created.statusCode()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    runs(stack, "scheduleId=every-second&status=SUCCEEDED").get("total").asInt() >= 3);

            String eventId;
            try (SchedulerClient client = SchedulerClient.builder().bootstrapServers(stack.bootstrapServers()).build()) {
                eventId = client.publish(TaskEvent.oneOff("noop").taskKey("another-service").build());
            }
            List<TaskResult> results = readResults(stack.bootstrapServers(), r -> r.eventId().equals(eventId) && r.status().endsRun());
            assertThat(results).filteredOn(r -> r.eventId().equals(eventId)).extracting(TaskResult::status)
                    .contains(TaskStatus.SUCCEEDED);
        }

        try (Standalone stack = stack(data).build().start()) {
            restartedAt = Instant.now();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    firedEventIds(stack.bootstrapServers()).stream().anyMatch(id -> id.startsWith("every-second@")
                            && Instant.ofEpochMilli(Long.parseLong(id.substring(id.indexOf('@') + 1))).isAfter(restartedAt.plusSeconds(1))));

            List<String> fired = firedEventIds(stack.bootstrapServers());
            assertThat(fired).as("event ids on the tasks topic across the restart").doesNotHaveDuplicates();
            assertThat(fired).filteredOn(id -> id.startsWith("every-second@")).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aHandlerSlowerThanItsScheduleRunsOneAtATimeUnderBufferOneAndWhatWaitedFiresNext(@TempDir Path data) throws Exception {
        try (Standalone stack = stack(data).build().start()) {
            HttpResponse<String> created = send(stack, HttpRequest.newBuilder(uri(stack, "/api/schedules/slow"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"taskType\": \"sleep\", \"trigger\": {\"intervalMs\": 500},"
                            + " \"payload\": {\"durationMs\": 1200}, \"overlap\": \"BUFFER_ONE\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            List<TaskResult> results = readResults(stack.bootstrapServers(), r -> false, all -> all.stream()
                    .filter(r -> "slow".equals(r.scheduleId()) && r.status() == TaskStatus.SUCCEEDED).count() >= 3);

            List<TaskResult> succeeded = results.stream().filter(r -> "slow".equals(r.scheduleId()) && r.status() == TaskStatus.SUCCEEDED)
                    .sorted(java.util.Comparator.comparing(TaskResult::startedAt)).toList();
            for (int i = 1; i < succeeded.size(); i++) {
                assertThat(succeeded.get(i).startedAt()).as("run %s starts after %s ended", succeeded.get(i).eventId(),
                        succeeded.get(i - 1).eventId()).isAfterOrEqualTo(succeeded.get(i - 1).finishedAt());
            }
            List<String> waited = results.stream().filter(r -> r.status() == TaskStatus.BUFFERED).map(TaskResult::eventId).toList();
            assertThat(succeeded.subList(1, succeeded.size())).as("each later run is a time that waited, with its own time")
                    .allSatisfy(run -> assertThat(waited).contains(run.eventId()));
            assertThat(results).filteredOn(r -> r.status() == TaskStatus.SKIPPED).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.error().type()).isEqualTo(SkipReason.BUFFER_FULL));
        }
    }

    @Test
    void underCancelOtherEachNewTimeCancelsTheRunningRunAndStartsOnlyOnceItHasEnded(@TempDir Path data) throws Exception {
        try (Standalone stack = stack(data).build().start()) {
            HttpResponse<String> created = send(stack, HttpRequest.newBuilder(uri(stack, "/api/schedules/newest-wins"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"taskType\": \"sleep\", \"trigger\": {\"intervalMs\": 1000},"
                            + " \"payload\": {\"durationMs\": 60000}, \"overlap\": \"CANCEL_OTHER\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            List<TaskResult> results = readResults(stack.bootstrapServers(), r -> false, all -> all.stream()
                    .filter(r -> "newest-wins".equals(r.scheduleId()) && r.status() == TaskStatus.CANCELLED).count() >= 3);

            List<TaskResult> cancelled = results.stream().filter(r -> "newest-wins".equals(r.scheduleId())
                    && r.status() == TaskStatus.CANCELLED).sorted(java.util.Comparator.comparing(TaskResult::startedAt)).toList();
            assertThat(cancelled).allSatisfy(r -> assertThat(r.error().message()).contains("overlap policy CANCEL_OTHER"));
            for (int i = 1; i < cancelled.size(); i++) {
                assertThat(cancelled.get(i).startedAt()).as("run %s starts after %s ended", cancelled.get(i).eventId(),
                        cancelled.get(i - 1).eventId()).isAfterOrEqualTo(cancelled.get(i - 1).finishedAt());
            }
            assertThat(results).filteredOn(r -> r.status() == TaskStatus.SUCCEEDED || r.status() == TaskStatus.DEAD_LETTERED)
                    .as("no run outlives its cancel").isEmpty();
        }
    }

    @Test
    void aRunningRunCancelledOverRestEndsCancelledWhileAnEndedOrUnknownOneIsRefused(@TempDir Path data) throws Exception {
        try (Standalone stack = stack(data).build().start()) {
            HttpResponse<String> posted = post(stack, "/api/events", "{\"taskType\": \"sleep\", \"eventId\": \"long-job\","
                    + " \"payload\": {\"durationMs\": 60000}}");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    state(stack, "long-job").equals("STARTED"));

            HttpResponse<String> cancel = post(stack, "/api/runs/long-job/cancel", "{\"reason\": \"wrong payload\"}");

            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
            assertThat(EventJson.readTree(cancel.body()).get("cancel").asText()).isEqualTo("REQUESTED");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                    state(stack, "long-job").equals("CANCELLED"));
            JsonNode run = EventJson.readTree(send(stack, HttpRequest.newBuilder(uri(stack, "/api/runs/long-job")).GET()).body());
            assertThat(run.path("error").path("message").asText()).contains("wrong payload");

            HttpResponse<String> again = post(stack, "/api/runs/long-job/cancel", "");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(post(stack, "/api/runs/no-such-run/cancel", "").statusCode()).isEqualTo(404);
            HttpResponse<String> badReason = post(stack, "/api/runs/long-job/cancel", "{\"reason\": 42}");
            assertThat(badReason.statusCode()).isEqualTo(400);
            assertThat(badReason.body()).contains("reason");
            HttpResponse<String> longReason = post(stack, "/api/runs/long-job/cancel", "{\"reason\": \"" + "x".repeat(1_001) + "\"}");
            assertThat(longReason.statusCode()).isEqualTo(400);
            assertThat(longReason.body()).contains("reason").contains("at most 1000 characters");

            // a cancelled run can be run again, and its rerun is not cancelled with it
            String rerun = EventJson.readTree(post(stack, "/api/runs/long-job/rerun", "").body()).get("eventId").asText();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                    state(stack, rerun).equals("STARTED"));
            assertThat(post(stack, "/api/runs/" + rerun + "/cancel", "").statusCode()).isEqualTo(202);
        }
    }

    @Test
    void aRunsLogIsServedWhileItRunsAndWhenItEndsAndAForgedLogRecordHarmsNothing(@TempDir Path data) throws Exception {
        try (Standalone stack = stack(data).build().start()) {
            try (KafkaProducer<String, byte[]> forger = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                forger.send(new ProducerRecord<>("scheduler.logs", "talker", "{not json".getBytes(StandardCharsets.UTF_8)));
                forger.send(new ProducerRecord<>("scheduler.logs", "talker", ("{\"eventId\": \"talker\", \"attempt\": 2,"
                        + " \"executorId\": \"forger\", \"sequence\": 0, \"lines\": [{\"at\": \"2026-12-07T10:00:00Z\","
                        + " \"level\": \"LOUD\", \"message\": \"forged\"}]}").getBytes(StandardCharsets.UTF_8))).get();
            }
            assertThat(post(stack, "/api/events", "{\"taskType\": \"sleep\", \"eventId\": \"talker\","
                    + " \"payload\": {\"durationMs\": 3000}}").statusCode()).isEqualTo(202);

            JsonNode live = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> logs(stack, "talker"), body -> body != null && body.path("attempts").size() == 1);
            assertThat(live.get("ended").asBoolean()).isFalse();
            assertThat(live.at("/attempts/0/complete").asBoolean()).isFalse();
            assertThat(live.at("/attempts/0/lines/0/message").asText()).isEqualTo("sleeping 3000 ms");

            JsonNode ended = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> logs(stack, "talker"), body -> body != null && body.get("ended").asBoolean()
                            && body.at("/attempts/0/complete").asBoolean());
            assertThat(ended.at("/attempts/0/lines").findValuesAsText("message")).containsExactly("sleeping 3000 ms", "slept 3000 ms");
            assertThat(ended.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(send(stack, HttpRequest.newBuilder(uri(stack, "/api/runs/no-such-run/logs")).GET()).statusCode())
                    .isEqualTo(404);
        }
    }

    /** The run's logs as {@code GET /api/runs/{eventId}/logs} answers, or null before it knows any. */
    private JsonNode logs(Standalone stack, String eventId) throws Exception {
        HttpResponse<String> logs = send(stack, HttpRequest.newBuilder(uri(stack, "/api/runs/" + eventId + "/logs")).GET());
        return logs.statusCode() == 200 ? EventJson.readTree(logs.body()) : null;
    }

    @Test
    void aRerunRunsTheWholeTaskAgainAsANewRunWithFreshAttemptsLinkedToTheOriginal(@TempDir Path data) throws Exception {
        try (Standalone stack = stack(data).build().start()) {
            // two attempts that each run past a 100 ms limit: the run ends TIMED_OUT on attempt 2
            assertThat(post(stack, "/api/events", "{\"taskType\": \"sleep\", \"eventId\": \"slow-job\", \"timeoutMs\": 100,"
                    + " \"retry\": {\"maxAttempts\": 2, \"backoffMs\": 100}, \"payload\": {\"durationMs\": 5000}}")
                    .statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    state(stack, "slow-job").equals("TIMED_OUT"));
            assertThat(post(stack, "/api/runs/no-such-run/rerun", "").statusCode()).isEqualTo(404);

            HttpResponse<String> rerun = post(stack, "/api/runs/slow-job/rerun", "");

            assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(202);
            String again = EventJson.readTree(rerun.body()).get("eventId").asText();
            assertThat(again).startsWith("slow-job-rerun-");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    state(stack, again).equals("TIMED_OUT"));
            JsonNode run = EventJson.readTree(send(stack, HttpRequest.newBuilder(uri(stack, "/api/runs/" + again)).GET()).body());
            assertThat(run.get("rerunOf").asText()).isEqualTo("slow-job");
            assertThat(run.get("payload").get("durationMs").asInt()).isEqualTo(5000);
            List<TaskResult> results = readResults(stack.bootstrapServers(), r -> r.eventId().equals(again) && r.status().endsRun());
            assertThat(results).filteredOn(r -> r.eventId().equals(again) && r.status().endsAttempt())
                    .as("fresh attempts, under the original's retry policy and time limit")
                    .extracting(TaskResult::attempt, TaskResult::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, TaskStatus.RETRY_SCHEDULED),
                            org.assertj.core.groups.Tuple.tuple(2, TaskStatus.TIMED_OUT));
        }
    }

    @Test
    void aRerunOfAScheduledRunKeepsItsScheduleAndScheduledTimeAndARunningOrVanishedOneIsRefused(@TempDir Path data)
            throws Exception {
        try (Standalone stack = stack(data).build().start()) {
            Instant at = Instant.now().plusMillis(500).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            assertThat(send(stack, HttpRequest.newBuilder(uri(stack, "/api/schedules/once")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"taskType\": \"noop\", \"trigger\": {\"at\": \"" + at + "\"}}")))
                    .statusCode()).isEqualTo(201);
            String fired = TaskEvent.scheduledEventId("once", at);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    state(stack, fired).equals("SUCCEEDED"));

            String again = EventJson.readTree(post(stack, "/api/runs/" + fired + "/rerun", "").body()).get("eventId").asText();

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    state(stack, again).equals("SUCCEEDED"));
            JsonNode run = EventJson.readTree(send(stack, HttpRequest.newBuilder(uri(stack, "/api/runs/" + again)).GET()).body());
            assertThat(run.get("scheduleId").asText()).isEqualTo("once");
            assertThat(Instant.parse(run.get("scheduledAt").asText())).isEqualTo(at);

            post(stack, "/api/events", "{\"taskType\": \"sleep\", \"eventId\": \"busy\", \"payload\": {\"durationMs\": 60000}}");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                    state(stack, "busy").equals("STARTED"));
            assertThat(post(stack, "/api/runs/busy/rerun", "").statusCode()).as("not ended").isEqualTo(409);
            post(stack, "/api/runs/busy/cancel", "");

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
                // as retention would, once the week is out
                Map<TopicPartition, RecordsToDelete> all = new java.util.HashMap<>();
                admin.describeTopics(List.of("scheduler.tasks")).allTopicNames().get().get("scheduler.tasks").partitions()
                        .forEach(p -> all.put(new TopicPartition("scheduler.tasks", p.partition()), RecordsToDelete.beforeOffset(-1)));
                admin.deleteRecords(all).all().get();
            }
            HttpResponse<String> gone = post(stack, "/api/runs/" + fired + "/rerun", "");
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(410);
        }
    }

    private String state(Standalone stack, String eventId) throws Exception {
        HttpResponse<String> run = send(stack, HttpRequest.newBuilder(uri(stack, "/api/runs/" + eventId)).GET());
        return run.statusCode() == 200 ? EventJson.readTree(run.body()).path("state").asText() : "";
    }

    private HttpResponse<String> post(Standalone stack, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(stack, path)).POST(HttpRequest.BodyPublishers.ofString(body));
        return send(stack, body.isEmpty() ? request : request.header("Content-Type", "application/json"));
    }

    private static Standalone.Builder stack(Path data) {
        return Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0).executorHttpPort(-1).demo(false);
    }

    private JsonNode runs(Standalone stack, String query) throws Exception {
        return EventJson.readTree(send(stack, HttpRequest.newBuilder(uri(stack, "/api/runs?" + query)).GET()).body());
    }

    private HttpResponse<String> send(Standalone stack, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(Standalone stack, String path) {
        return URI.create("http://127.0.0.1:" + stack.httpPort() + path);
    }

    /**
     * The results topic from its start, up to a result that matches {@code until}, with a plain
     * consumer, as any other service would read it. One pass reads to the end offsets it found; a
     * result published after them is awaited with passes anew.
     */
    private static List<TaskResult> readResults(String bootstrap, Predicate<TaskResult> until) {
        return readResults(bootstrap, until, all -> all.stream().anyMatch(until));
    }

    /** The same, until what was read satisfies {@code enough}. */
    private static List<TaskResult> readResults(String bootstrap, Predicate<TaskResult> until, Predicate<List<TaskResult>> enough) {
        List<TaskResult> results = new ArrayList<>();
        TaskResultDeserializer deserializer = new TaskResultDeserializer();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            results.clear();
            readTopic(bootstrap, "scheduler.results", record -> {
                results.add(deserializer.deserialize(record.topic(), record.headers(), record.value()));
                return until.test(results.get(results.size() - 1));
            });
            return enough.test(results);
        });
        return results;
    }

    private static List<String> firedEventIds(String bootstrap) {
        List<String> ids = new ArrayList<>();
        TaskEventDeserializer deserializer = new TaskEventDeserializer();
        readTopic(bootstrap, "scheduler.tasks", record -> {
            ids.add(deserializer.deserialize(record.topic(), record.headers(), record.value()).eventId());
            return false;
        });
        return ids;
    }

    /**
     * Reads a topic from the start ({@code read_committed}) until {@code done} says so, or up to the
     * end offsets it found when it began.
     */
    private static void readTopic(String bootstrap, String topic, Predicate<ConsumerRecord<String, byte[]>> done) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (done.test(record)) {
                        return;
                    }
                }
            }
        }
    }
}

package dev.eventscheduler.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.json.EventJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters over REST against the whole stack: listed newest first, filtered and paged; read
 * whole with their original bytes; a valid one redriven as a new run, once; an unreadable one
 * refused for redrive and discarded; and what was done survives a restart.
 */
class DeadLetterApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listsFiltersRedrivesAndDiscardsDeadLettersAndRemembersWhatWasDoneAcrossARestart(@TempDir Path data) throws Exception {
        String timedOutId;
        String unreadableId;
        String redrivenAs;
        try (Standalone stack = stack(data)) {
            post(stack, "/api/events", "{\"taskType\": \"sleep\", \"eventId\": \"too-slow\", \"timeoutMs\": 100,"
                    + " \"retry\": {\"maxAttempts\": 1}, \"payload\": {\"durationMs\": 2000}}");
            post(stack, "/api/events", "{\"taskType\": \"sleep\", \"eventId\": \"bad-payload\", \"payload\": {\"durationMs\": -1}}");
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>("scheduler.tasks", "poison", "{not json".getBytes(StandardCharsets.UTF_8))).get();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    get(stack, "/api/dead-letters").get("total").asInt() == 3);

            assertThat(get(stack, "/api/dead-letters?errorType=TIMEOUT").get("deadLetters")).singleElement()
                    .satisfies(letter -> assertThat(letter.get("eventId").asText()).isEqualTo("too-slow"));
            assertThat(get(stack, "/api/dead-letters?taskType=sleep").get("total").asInt()).isEqualTo(2);
            JsonNode page = get(stack, "/api/dead-letters?limit=1&offset=1");
            assertThat(page.get("total").asInt()).isEqualTo(3);
            assertThat(page.get("deadLetters")).hasSize(1);
            timedOutId = get(stack, "/api/dead-letters?errorType=TIMEOUT").get("deadLetters").get(0).get("id").asText();
            unreadableId = get(stack, "/api/dead-letters?errorType=UNREADABLE_RECORD").get("deadLetters").get(0).get("id").asText();
            JsonNode unreadable = get(stack, "/api/dead-letters/" + unreadableId);
            assertThat(unreadable.get("value").asText()).isEqualTo("{not json");
            assertThat(unreadable.get("redrivable").asBoolean()).isFalse();
            assertThat(unreadable.get("headers").get("dlq-origin-topic").asText()).isEqualTo("scheduler.tasks");

            JsonNode refused = EventJson.readTree(post(stack, "/api/dead-letters/redrive", "{\"ids\": [\"" + unreadableId + "\"]}").body());
            assertThat(refused.get("redriven")).isEmpty();
            assertThat(refused.get("refused").get(0).get("reason").asText()).contains("not a valid task event");

            JsonNode redriven = EventJson.readTree(post(stack, "/api/dead-letters/redrive",
                    "{\"filter\": {\"errorType\": \"TIMEOUT\"}}").body());
            assertThat(redriven.get("redriven")).singleElement().satisfies(r -> assertThat(r.get("id").asText()).isEqualTo(timedOutId));
            redrivenAs = redriven.get("redriven").get(0).get("eventId").asText();
            assertThat(redrivenAs).as("made from the dead letter's id, the same if it is redriven again")
                    .isEqualTo("too-slow-redrive-" + timedOutId.replace('@', '-'));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "TIMED_OUT".equals(get(stack, "/api/runs/" + redrivenAs).path("state").asText()));
            assertThat(get(stack, "/api/runs/" + redrivenAs).get("rerunOf").asText()).isEqualTo("too-slow");
            JsonNode again = EventJson.readTree(post(stack, "/api/dead-letters/redrive", "{\"ids\": [\"" + timedOutId + "\"]}").body());
            assertThat(again.get("refused").get(0).get("reason").asText()).isEqualTo("already REDRIVEN");

            assertThat(EventJson.readTree(post(stack, "/api/dead-letters/discard", "{\"ids\": [\"" + unreadableId + "\"]}").body())
                    .get("discarded")).hasSize(1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    get(stack, "/api/dead-letters?state=DISCARDED").get("total").asInt() == 1);

            assertThat(post(stack, "/api/dead-letters/redrive", "{}").statusCode()).isEqualTo(400);
            assertThat(post(stack, "/api/dead-letters/redrive", "{\"ids\": [\"9@999999\"]}").statusCode()).isEqualTo(404);
            HttpResponse<String> badFilter = post(stack, "/api/dead-letters/redrive", "{\"filter\": {\"from\": \"yesterday\"}}");
            assertThat(badFilter.statusCode()).isEqualTo(400);
            assertThat(badFilter.body()).contains("filter.from");
            assertThat(get(stack, "/api/dead-letters?state=MAYBE").path("violations").toString()).contains("state");
            assertThat(get(stack, "/api/dead-letters?limit=501").path("violations").toString()).contains("limit");
            String tooMany = String.join(",", java.util.Collections.nCopies(1_001, "\"" + timedOutId + "\""));
            HttpResponse<String> overLimit = post(stack, "/api/dead-letters/redrive", "{\"ids\": [" + tooMany + "]}");
            assertThat(overLimit.statusCode()).isEqualTo(400);
            assertThat(overLimit.body()).contains("ids").contains("1 to 1000");
        }

        try (Standalone stack = stack(data)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    get(stack, "/api/dead-letters?state=ALL").get("total").asInt() >= 4);
            JsonNode redriven = get(stack, "/api/dead-letters?state=REDRIVEN").get("deadLetters");
            assertThat(redriven).singleElement().satisfies(letter -> {
                assertThat(letter.get("id").asText()).isEqualTo(timedOutId);
                assertThat(letter.get("redrivenAs").asText()).isEqualTo(redrivenAs);
            });
            assertThat(get(stack, "/api/dead-letters?state=DISCARDED").get("deadLetters").get(0).get("id").asText())
                    .isEqualTo(unreadableId);
        }
    }

    private static Standalone stack(Path data) {
        return Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0).executorHttpPort(-1).demo(false)
                .build().start();
    }

    private JsonNode get(Standalone stack, String path) throws Exception {
        return EventJson.readTree(http.send(HttpRequest.newBuilder(uri(stack, path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> post(Standalone stack, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(stack, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(Standalone stack, String path) {
        return URI.create("http://127.0.0.1:" + stack.httpPort() + path);
    }
}

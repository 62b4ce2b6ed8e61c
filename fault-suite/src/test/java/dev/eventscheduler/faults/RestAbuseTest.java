package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5: hostile HTTP requests each get a clear 4xx, a flood of streams is capped, and the
 * service stays healthy and useful.
 */
class RestAbuseTest {

    private static final String TOKEN = "abuse-test-token";
    /** Stream requests in the flood: well past the cap of 200, and all closed at the end. */
    private static final int STREAM_FLOOD = 2_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyAbusiveRequestGetsAClear4xxAndTheServiceStaysHealthy(@TempDir Path work) throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            cluster.broker().start();
            ProcessCluster.Node scheduler = cluster.scheduler("scheduler-1", Map.of("SCHEDULER_API_TOKEN", TOKEN)).start();
            String base = "http://127.0.0.1:" + scheduler.httpPort;
            String valid = "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"0 0 * * * ?\"}}";

            Map<String, Integer> answers = new LinkedHashMap<>();
            answers.put("malformed JSON", send(put(base, "/api/schedules/a", "{\"taskType\": ", TOKEN)));
            answers.put("JSON that is not an object", send(put(base, "/api/schedules/a", "[1, 2, 3]", TOKEN)));
            answers.put("wrong types", send(put(base, "/api/schedules/a",
                    "{\"taskType\": 5, \"trigger\": {\"intervalMs\": \"soon\"}, \"paused\": \"maybe\"}", TOKEN)));
            answers.put("oversized body", send(put(base, "/api/schedules/a",
                    "{\"taskType\": \"noop\", \"payload\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}", TOKEN)));
            answers.put("bad cron", send(put(base, "/api/schedules/a",
                    "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"61 * * * * ?\"}}", TOKEN)));
            answers.put("bad time zone", send(put(base, "/api/schedules/a",
                    "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"0 * * * * ?\", \"timeZone\": \"Moon/Base\"}}", TOKEN)));
            answers.put("path traversal in the id", send(put(base, "/api/schedules/..%2F..%2Fetc%2Fpasswd", valid, TOKEN)));
            answers.put("dot-dot id", send(put(base, "/api/schedules/..", valid, TOKEN)));
            answers.put("id with spaces", send(put(base, "/api/schedules/a%20b", valid, TOKEN)));
            answers.put("no token", send(put(base, "/api/schedules/a", valid, null)));
            answers.put("wrong token", send(put(base, "/api/schedules/a", valid, "guess")));
            answers.put("bad query", send(HttpRequest.newBuilder(URI.create(base + "/api/runs?limit=-5"))
                    .header("Authorization", "Bearer " + TOKEN).GET()));
            answers.put("unknown route", send(HttpRequest.newBuilder(URI.create(base + "/api/nothing-here"))
                    .header("Authorization", "Bearer " + TOKEN).GET()));
            answers.put("2 MiB body sent chunked, no length", send(HttpRequest.newBuilder(URI.create(base + "/api/events"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                            ("{\"taskType\": \"noop\", \"payload\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes())))));
            answers.put("cross-site write (Origin of another site)", send(put(base, "/api/schedules/a", valid, TOKEN)
                    .header("Origin", "https://evil.example")));
            answers.put("cross-site write (Sec-Fetch-Site)", send(put(base, "/api/schedules/a", valid, TOKEN)
                    .header("Sec-Fetch-Site", "cross-site")));
            answers.put("form-encoded body", send(HttpRequest.newBuilder(URI.create(base + "/api/events"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("taskType=noop"))));
            answers.put("a time in year +999999999", send(put(base, "/api/schedules/far",
                    "{\"taskType\": \"noop\", \"trigger\": {\"at\": \"+999999999-12-31T23:59:59Z\"}}", TOKEN)));
            StreamFlood flood = StreamFlood.open(scheduler.httpPort, TOKEN, STREAM_FLOOD);
            int stillWorks = send(put(base, "/api/schedules/after-abuse", valid, TOKEN));

            FaultReport.print("REST abuse (token on)", answers, "valid PUT afterwards: " + stillWorks
                    + ", health " + scheduler.status("/health") + "; " + flood);
            assertThat(answers).allSatisfy((abuse, status) ->
                    assertThat(status).as(abuse).isBetween(400, 499));
            assertThat(answers.get("oversized body")).isEqualTo(413);
            assertThat(answers.get("no token")).isEqualTo(401);
            assertThat(answers.get("wrong token")).isEqualTo(401);
            assertThat(answers.get("2 MiB body sent chunked, no length")).isEqualTo(413);
            assertThat(answers.get("cross-site write (Origin of another site)")).isEqualTo(403);
            assertThat(answers.get("form-encoded body")).isEqualTo(415);
            assertThat(flood.admitted()).as("streams admitted").isEqualTo(200);
            assertThat(flood.refused()).as("streams past the cap answered 503").isEqualTo(STREAM_FLOOD - 200);
            assertThat(stillWorks).isEqualTo(201);
            assertThat(scheduler.healthy()).isTrue();
            flood.close();
            assertThat(scheduler.healthy()).as("healthy once the flood has gone").isTrue();
        }
    }

    private static HttpRequest.Builder put(String base, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private int send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

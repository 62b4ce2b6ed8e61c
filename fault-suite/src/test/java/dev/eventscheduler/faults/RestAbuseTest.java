package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Scenario 5: hostile HTTP requests each get a clear 4xx, and the service stays healthy and useful. */
class RestAbuseTest {

    private static final String TOKEN = "abuse-test-token";

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
            int stillWorks = send(put(base, "/api/schedules/after-abuse", valid, TOKEN));

            FaultReport.print("REST abuse (token on)", answers, "valid PUT afterwards: " + stillWorks
                    + ", health " + scheduler.status("/health"));
            assertThat(answers).allSatisfy((abuse, status) ->
                    assertThat(status).as(abuse).isBetween(400, 499));
            assertThat(answers.get("oversized body")).isEqualTo(413);
            assertThat(answers.get("no token")).isEqualTo(401);
            assertThat(answers.get("wrong token")).isEqualTo(401);
            assertThat(stillWorks).isEqualTo(201);
            assertThat(scheduler.healthy()).isTrue();
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

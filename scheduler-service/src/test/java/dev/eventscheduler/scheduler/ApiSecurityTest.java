package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.scheduler.api.ApiTokens;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import org.junit.jupiter.api.Test;

@KafkaTest
class ApiSecurityTest {

    @Test
    void asksForTheTokenOnEveryApiCallAndRefusesOversizedBodies(TestKafka kafka) throws Exception {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0).apiToken("s3cret"));
            Http anonymous = new Http(scheduler.httpPort(), null);
            Http wrong = new Http(scheduler.httpPort(), "guess");
            Http right = new Http(scheduler.httpPort(), "s3cret");

            assertThat(anonymous.get("/api/schedules").status()).isEqualTo(401);
            assertThat(wrong.get("/api/schedules").status()).isEqualTo(401);
            assertThat(wrong.post("/api/events", "{\"taskType\":\"noop\"}").status()).isEqualTo(401);
            assertThat(right.get("/api/schedules").status()).isEqualTo(200);
            assertThat(anonymous.client().send(anonymous.request("/api/schedules").header("Authorization", "bearer s3cret")
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as("the scheme is case-insensitive (RFC 7235)").isEqualTo(200);
            assertThat(anonymous.get("/health").status()).as("health needs no token").isEqualTo(200);

            String huge = "{\"taskType\": \"noop\", \"payload\": \"" + "x".repeat(1_100_000) + "\"}";
            assertThat(right.post("/api/events", huge).status()).isEqualTo(413);
            assertThat(right.get("/api/schedules").status()).as("still serving after the oversized body").isEqualTo(200);
        }
    }

    @Test
    void eachTokensRoleAllowsWhatItNamesAndNothingMoreAnsweringA403(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            SchedulerService scheduler = kit.start(kit.scheduler().httpPort(0).apiToken("root-secret").apiTokens(
                    ApiTokens.parse("viewer:read:view-secret; ops:OPERATE:ops-secret\n# a comment\nboss:admin:boss-secret")));
            Http viewer = new Http(scheduler.httpPort(), "view-secret");
            Http ops = new Http(scheduler.httpPort(), "ops-secret");
            Http boss = new Http(scheduler.httpPort(), "boss-secret");
            Http root = new Http(scheduler.httpPort(), "root-secret");
            String hourly = "{\"taskType\": \"noop\", \"trigger\": {\"cron\": \"0 0 * * * ?\"}}";

            Http.Response refused = viewer.put("/api/schedules/report", hourly);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("error").asText()).contains("'viewer'", "READ", "needs ADMIN").doesNotContain("view-secret");
            assertThat(ops.put("/api/schedules/report", hourly).status()).isEqualTo(403);
            assertThat(boss.put("/api/schedules/report", hourly).status()).isEqualTo(201);
            assertThat(root.put("/api/schedules/other", hourly).status()).as("the single token is an admin").isEqualTo(201);

            assertThat(viewer.get("/api/schedules/report").status()).isEqualTo(200);
            assertThat(viewer.post("/api/schedules/preview", hourly).status()).as("a preview writes nothing").isEqualTo(200);
            assertThat(viewer.post("/api/schedules/report/pause", "").status()).isEqualTo(403);
            assertThat(viewer.post("/api/events", "{\"taskType\": \"noop\"}").status()).isEqualTo(403);
            assertThat(viewer.post("/api/runs/report@1/cancel", "").status()).isEqualTo(403);
            assertThat(viewer.post("/api/dead-letters/redrive", "{}").status()).isEqualTo(403);
            assertThat(ops.post("/api/schedules/report/pause", "").status()).isEqualTo(200);
            assertThat(ops.post("/api/schedules/report/resume", "").status()).isEqualTo(200);
            assertThat(ops.post("/api/events", "{\"taskType\": \"noop\"}").status()).isEqualTo(202);
            assertThat(ops.delete("/api/schedules/report").status()).isEqualTo(403);
            assertThat(ops.put("/api/calendars/holidays", "{\"dates\": [\"2026-12-25\"]}").status()).isEqualTo(403);
            assertThat(ops.put("/api/notify-rules/page-me", "{\"webhook\": \"http://127.0.0.1:9/x\"}").status()).isEqualTo(403);
            assertThat(viewer.get("/api/notify-rules").status()).isEqualTo(200);
            assertThat(viewer.get("/api/schedules/report").json().get("writtenBy").asText()).as("the pause, by ops").isEqualTo("ops");
            assertThat(viewer.get("/api/schedules/other").json().get("writtenBy").asText()).isEqualTo("default");
            assertThat(kit.committedHeader(kit.topics.schedules(), "report", EventHeaders.WRITTEN_BY))
                    .as("on the records themselves, in order").containsExactly("boss", "ops", "ops");
            assertThat(boss.delete("/api/schedules/report").status()).isEqualTo(204);

            assertThat(viewer.get("/api/me").json().get("name").asText()).isEqualTo("viewer");
            assertThat(viewer.get("/api/me").json().get("role").asText()).isEqualTo("READ");
            assertThat(new Http(scheduler.httpPort(), "nobody").get("/api/me").status()).isEqualTo(401);
        }
    }
}

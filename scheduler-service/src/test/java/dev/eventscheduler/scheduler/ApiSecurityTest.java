package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

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
}

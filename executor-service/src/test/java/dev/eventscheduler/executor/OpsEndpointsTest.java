package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

@KafkaTest
class OpsEndpointsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesHealthAndPrometheusMetricsOverHttp(TestKafka kafka) throws Exception {
        try (ExecutorTestKit kit = new ExecutorTestKit(kafka, 1)) {
            Executor executor = kit.start(kit.executor().httpHost("127.0.0.1").httpPort(0).executorId("ops-1"));
            kit.send(ExecutorTestKit.event("ops-event", "k", "noop", null));
            // task types no handler here runs: any producer can write any, and each must not add series
            List<String> strangers = List.of("stranger-1", "stranger-2", "stranger-3");
            strangers.forEach(id -> kit.send(ExecutorTestKit.event(id, "k", "made-up-" + id + "-" + "x".repeat(500), null)));
            Guarantees.everyRunEnded(kit.awaitRunsEnded(List.of("ops-event")), List.of("ops-event"), TaskStatus.SUCCEEDED);
            kit.awaitRunsEnded(strangers);

            HttpResponse<String> health = get(executor, "/health");
            HttpResponse<String> metrics = get(executor, "/metrics");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(get(executor, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(executor, "/health/live").statusCode()).isEqualTo(200);
            assertThat(EventJson.readTree(health.body()).get("joinedGroup").asBoolean()).isTrue();
            assertThat(EventJson.readTree(health.body()).get("status").asText()).isEqualTo("UP");
            assertThat(EventJson.readTree(health.body()).get("executorId").asText()).isEqualTo("ops-1");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("executor_tasks_total{status=\"SUCCEEDED\",type=\"noop\"} 1.0")
                    .as("unknown task types share one label value").doesNotContain("made-up-")
                    .contains("type=\"unknown\"} 3.0")
                    .contains("executor_handler_duration_seconds_bucket")
                    .contains("executor_in_flight")
                    .contains("executor_queued")
                    .contains("kafka_consumer");

            executor.close();
            assertThat(executor.health().get("status").asText()).isEqualTo("DOWN");
            assertThat(executor.health().get("live").asBoolean()).isFalse();
        }
    }

    private HttpResponse<String> get(Executor executor, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + executor.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

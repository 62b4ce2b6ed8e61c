package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.config.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorMainTest {

    @Test
    void readsEverySettingFromTheEnvironment() {
        ExecutorSettings settings = ExecutorMain.fromEnvironment(new Environment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SASL_JAAS_CONFIG", "secret-config",
                "EXECUTOR_CONCURRENCY", "128",
                "EXECUTOR_MAX_IN_FLIGHT", "5000",
                "EXECUTOR_PUBLISH_STARTED", "false",
                "EXECUTOR_DEFAULT_TIMEOUT_MS", "1000",
                "EXECUTOR_PUBLISH_FAILURE_BACKOFF_MS", "250",
                "EXECUTOR_HTTP_ALLOWED_HOSTS", "api.internal,127.0.0.1:8089",
                "EXECUTOR_ID", "worker-1",
                "EXECUTOR_STATIC_MEMBERSHIP", "true"))).build().settings();

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(settings.concurrency()).isEqualTo(128);
        assertThat(settings.maxInFlight()).isEqualTo(5000);
        assertThat(settings.publishStarted()).isFalse();
        assertThat(settings.defaultTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.publishFailureBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.httpAllowedHosts()).containsExactlyInAnyOrder("api.internal", "127.0.0.1:8089");
        assertThat(settings.httpPort()).isEqualTo(ExecutorMain.DEFAULT_HTTP_PORT);
        assertThat(settings.executorId()).isEqualTo("worker-1");
        assertThat(settings.staticMembership()).isTrue();
        assertThat(settings.kafkaProperties()).containsEntry("sasl.jaas.config", "secret-config");
        assertThat(settings.describe()).doesNotContain("secret-config");
    }
}

package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.config.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerMainTest {

    @Test
    void readsEverySettingFromTheEnvironment() {
        SchedulerSettings settings = SchedulerMain.fromEnvironment(new Environment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SCHEDULER_TOPIC_PREFIX", "acme.",
                "SCHEDULER_HTTP_PORT", "9000",
                "SCHEDULER_API_TOKEN", "t0ken",
                "SCHEDULER_INSTANCE_ID", "sched-a",
                "SCHEDULER_STATIC_MEMBERSHIP", "true",
                "SCHEDULER_TRACKER_LOOKBACK_MS", "60000"))).build().settings();

        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(settings.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(settings.topics().tasks()).isEqualTo("acme.tasks");
        assertThat(settings.httpPort()).isEqualTo(9000);
        assertThat(settings.apiTokens()).hasToString("default(ADMIN)");
        assertThat(settings.instanceId()).isEqualTo("sched-a");
        assertThat(settings.staticMembership()).isTrue();
        assertThat(settings.trackerLookback()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.describe()).doesNotContain("t0ken");
    }

    @Test
    void servesTheApiBeyondLoopbackOnlyWithATokenOrWhenToldToServeItOpenly() {
        Map<String, String> open = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "SCHEDULER_HTTP_HOST", "0.0.0.0");

        assertThat(SchedulerMain.fromEnvironment(new Environment(Map.of())).build().settings().httpHost())
                .as("the default address").isEqualTo("127.0.0.1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerMain.fromEnvironment(new Environment(open)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SCHEDULER_API_TOKEN")
                .hasMessageContaining("SCHEDULER_ALLOW_ANONYMOUS");
        Map<String, String> withToken = new java.util.HashMap<>(open);
        withToken.put("SCHEDULER_API_TOKEN", "t0ken");
        Map<String, String> anonymous = new java.util.HashMap<>(open);
        anonymous.put("SCHEDULER_ALLOW_ANONYMOUS", "true");
        assertThat(SchedulerMain.fromEnvironment(new Environment(withToken)).build().settings().apiTokens()).hasToString("default(ADMIN)");
        assertThat(SchedulerMain.fromEnvironment(new Environment(anonymous)).build().settings().httpHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void readsNamedTokensFromTheEnvironmentAndFromAFileBesideTheSingleToken(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("tokens");
        java.nio.file.Files.writeString(file, "# who may do what\nboss:admin:b0ss\n");
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "SCHEDULER_API_TOKEN", "t0ken",
                "SCHEDULER_API_TOKENS", "viewer:read:v1ew;ops:operate:0ps", "SCHEDULER_API_TOKENS_FILE", file.toString());

        SchedulerSettings settings = SchedulerMain.fromEnvironment(new Environment(env)).build().settings();

        assertThat(settings.apiTokens()).hasToString("default(ADMIN), viewer(READ), ops(OPERATE), boss(ADMIN)");
        assertThat(settings.describe()).contains("apiTokens=default(ADMIN), viewer(READ)").doesNotContain("v1ew", "0ps", "b0ss");
        Map<String, String> missing = Map.of("SCHEDULER_API_TOKENS_FILE", dir.resolve("none").toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerMain.fromEnvironment(new Environment(missing)))
                .hasMessageContaining("SCHEDULER_API_TOKENS_FILE");
    }
}

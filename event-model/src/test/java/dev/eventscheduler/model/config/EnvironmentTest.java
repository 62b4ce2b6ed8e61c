package dev.eventscheduler.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.EventSchedulerException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    private final Environment env = new Environment(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_SASL_MECHANISM", "PLAIN",
            "EXECUTOR_CONCURRENCY", "12x",
            "EXECUTOR_PUBLISH_STARTED", "off",
            "EXECUTOR_HTTP_ALLOWED_HOSTS", " a.example , ,b.example:8080 "));

    @Test
    void passesKafkaVariablesThroughAsClientSettings() {
        assertThat(env.kafkaClientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
    }

    @Test
    void readsTypedValuesAndNamesTheVariableWhenOneIsWrong() {
        assertThat(env.bool("EXECUTOR_PUBLISH_STARTED", true)).isFalse();
        assertThat(env.integer("MISSING", 7)).isEqualTo(7);
        assertThat(env.list("EXECUTOR_HTTP_ALLOWED_HOSTS")).containsExactly("a.example", "b.example:8080");
        assertThatThrownBy(() -> env.integer("EXECUTOR_CONCURRENCY", 1))
                .isInstanceOf(EventSchedulerException.class)
                .hasMessage("EXECUTOR_CONCURRENCY must be a whole number, was '12x'");
    }
}

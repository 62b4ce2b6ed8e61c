package dev.eventscheduler.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class GroupProtocolTest {

    /** Settings as our services tune a group consumer for the classic protocol. */
    private static final Map<String, Object> OURS = Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
            ConsumerConfig.GROUP_ID_CONFIG, "executors",
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_333,
            ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range");

    @Test
    void theConsumerProtocolTakesOurSettingsWithoutThoseOnlyTheClassicOneAccepts() {
        Map<String, Object> config = GroupProtocol.withUserSettings(OURS, Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "CONSUMER"));

        assertThat(config).doesNotContainKeys(GroupProtocol.CLASSIC_ONLY.toArray(String[]::new))
                .containsEntry(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "executors");
        // Kafka's own check, the one a consumer built from our settings used to fail at start
        new ConsumerConfig(deserializers(config));
        assertThatThrownBy(() -> new ConsumerConfig(deserializers(withProtocol(OURS, "consumer"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    }

    @Test
    void theClassicProtocolTakesOurSettingsWithoutThoseOnlyTheConsumerOneAccepts() {
        Map<String, Object> config = GroupProtocol.withUserSettings(OURS, Map.of());

        assertThat(config).doesNotContainKeys(GroupProtocol.CONSUMER_ONLY.toArray(String[]::new))
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName())
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        new ConsumerConfig(deserializers(config));
        assertThat(GroupProtocol.withUserSettings(OURS, Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")))
                .isEqualTo(withProtocol(config, "classic"));
    }

    @Test
    void theUsersSettingsWinUnderEitherProtocol() {
        assertThat(GroupProtocol.withUserSettings(OURS, Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000)))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
        // a setting the user chose is kept even where Kafka will refuse it: its error names it, not ours
        assertThat(GroupProtocol.withUserSettings(OURS, Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000)))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000)
                .doesNotContainKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    }

    private static Map<String, Object> withProtocol(Map<String, Object> config, String protocol) {
        Map<String, Object> copy = new HashMap<>(config);
        copy.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        return copy;
    }

    private static Map<String, Object> deserializers(Map<String, Object> config) {
        Map<String, Object> copy = new HashMap<>(config);
        copy.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        copy.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return copy;
    }
}

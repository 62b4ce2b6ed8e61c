package dev.eventscheduler.model.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings for a consumer in a group, ours under the user's, for either of Kafka's group protocols.
 * Under the {@code classic} protocol (Kafka's default) the consumer assigns partitions and times its
 * session; under KIP-848's {@code consumer} protocol ({@code group.protocol=consumer}) the broker
 * does. Each protocol's consumer refuses the other's settings, so our services may tune both, and
 * the user's choice of protocol keeps the tuning that applies to it.
 */
public final class GroupProtocol {

    /** The settings Kafka's consumer refuses under {@code group.protocol=consumer}. */
    public static final Set<String> CLASSIC_ONLY = Set.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    /** The settings Kafka's consumer refuses under the {@code classic} protocol. */
    public static final Set<String> CONSUMER_ONLY = Set.of(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

    private GroupProtocol() {
    }

    /**
     * {@code ours} with {@code user}'s settings on top, less those of ours that the protocol
     * {@code user} chooses would refuse. One the user set stays, for Kafka to refuse by name.
     */
    public static Map<String, Object> withUserSettings(Map<String, Object> ours, Map<String, ?> user) {
        Map<String, Object> config = new HashMap<>(ours);
        config.keySet().removeAll(isConsumerProtocol(user) ? CLASSIC_ONLY : CONSUMER_ONLY);
        config.putAll(user);
        return config;
    }

    /** Whether {@code settings} choose KIP-848's {@code consumer} group protocol. */
    public static boolean isConsumerProtocol(Map<String, ?> settings) {
        Object protocol = settings.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        return protocol != null && protocol.toString().trim().toLowerCase(Locale.ROOT).equals("consumer");
    }
}

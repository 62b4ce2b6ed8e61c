package dev.eventscheduler.testkafka;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka broker a test talks to. It is shared by every test in the JVM, so each test should use
 * names from {@link #uniqueName(String)} for its topics and groups and never see another test's data.
 */
public interface TestKafka {

    /** The bootstrap address for clients. */
    String bootstrapServers();

    /** Which kind of broker this is: {@code local} or {@code testcontainers}. */
    String kind();

    /** {@code base} with a random suffix, for a topic, group or prefix no other test uses. */
    default String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Client settings that reach this broker; add your own to the returned (mutable) map. */
    default Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }
}

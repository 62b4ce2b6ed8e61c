package dev.eventscheduler.benchmarks;

import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.TopicProvisioner;
import dev.eventscheduler.model.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What a scenario runs against: the broker, fresh topic names, the size of the run, progress output. */
final class BenchContext {

    /** The partition count every benchmark topic gets, as in LIMITS.md. */
    static final int PARTITIONS = 12;

    private final String bootstrapServers;
    private final boolean quick;

    BenchContext(String bootstrapServers, boolean quick) {
        this.bootstrapServers = bootstrapServers;
        this.quick = quick;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    boolean quick() {
        return quick;
    }

    /** {@code full}, or {@code quick} in a quick run. */
    int size(int full, int quick) {
        return this.quick ? quick : full;
    }

    Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /**
     * The six topics of the system under a new prefix, provisioned and writable. Raw baselines use
     * its tasks topic too, so they write to the same kind of topic the product does.
     */
    Topics newSystemTopics() {
        Topics topics = new Topics("bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        TopicProvisioner.provision(clientConfig(), new TopicPlan(topics, PARTITIONS, PARTITIONS, Optional.empty()));
        return topics;
    }

    void progress(String scenario, String message) {
        System.out.printf("  [%s] %s%n", scenario, message);
    }
}

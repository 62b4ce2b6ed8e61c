package dev.eventscheduler.model.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Finds the topics that would lose acknowledged writes with one broker down: on a cluster of
 * {@value #CLUSTER_BROKERS} brokers or more, a topic with a single replica, or one that
 * acknowledges a write once a single replica has it ({@code min.insync.replicas} 1). Our topics and
 * Kafka's transaction state and group offsets are checked, as Kafka Streams checks its
 * {@code replication.factor}: a fire the scheduler took as committed must not vanish with a disk.
 * A smaller cluster is taken for a development one and not checked.
 */
final class ReplicationCheck {

    /** The fewest brokers taken for a production cluster, where one replica is a mistake. */
    static final int CLUSTER_BROKERS = 3;
    /** Kafka's own topics the guarantees rest on: transaction outcomes and committed offsets. */
    static final List<String> KAFKA_TOPICS = List.of("__transaction_state", "__consumer_offsets");

    private final Admin admin;
    private final Duration timeout;

    ReplicationCheck(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * The weak topics among {@code ours} and Kafka's own, each as {@code name (replication.factor=1)}
     * or {@code name (min.insync.replicas=1)}; empty on a cluster of fewer than
     * {@value #CLUSTER_BROKERS} brokers.
     *
     * @return what is weak, and on how many brokers
     */
    Findings weakTopics(Collection<String> ours) {
        int brokers = await(admin.describeCluster().nodes()).size();
        if (brokers < CLUSTER_BROKERS) {
            return new Findings(brokers, List.of());
        }
        List<String> names = new ArrayList<>(ours);
        var existing = await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        KAFKA_TOPICS.stream().filter(existing::contains).forEach(names::add);
        Map<String, TopicDescription> described = await(admin.describeTopics(names).allTopicNames());
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all());
        List<String> weak = new ArrayList<>();
        for (String name : names) {
            int replicas = described.get(name).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            String minInsync = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
            if (replicas < 2) {
                weak.add(name + " (replication.factor=" + replicas + ")");
            } else if ("1".equals(minInsync)) {
                weak.add(name + " (min.insync.replicas=1)");
            }
        }
        return new Findings(brokers, List.copyOf(weak));
    }

    /** What {@link #weakTopics} found: the cluster's size and the weak topics, described. */
    record Findings(int brokers, List<String> weak) {

        /** One message naming every weak topic and how to fix it. */
        String message() {
            return "On this cluster of " + brokers + " brokers, " + String.join(", ", weak) + " would lose "
                    + "acknowledged fires, tasks or transaction outcomes when one broker's disk is lost: give the "
                    + "event scheduler's topics replication factor 3 (SCHEDULER_REPLICATION_FACTOR=3 before they are "
                    + "created, or kafka-reassign-partitions.sh) and min.insync.replicas 2 (kafka-configs.sh --alter "
                    + "--add-config min.insync.replicas=2), and Kafka's own topics the broker settings "
                    + "transaction.state.log.replication.factor/min.isr and offsets.topic.replication.factor. "
                    + "See docs/production-kafka.md.";
        }
    }

    private <T> T await(KafkaFuture<T> future) {
        return AdminCalls.await(future, timeout, "checking the topics' replication");
    }
}

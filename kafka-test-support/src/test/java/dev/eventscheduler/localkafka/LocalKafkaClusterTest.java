package dev.eventscheduler.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.testkafka.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * The local three-node cluster's promises: partitions are replicated three times with two in-sync
 * replicas required, and committed transactions survive the leader's {@code kill -9}, with the
 * cluster fully replicated again once the node is back.
 */
class LocalKafkaClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "replicated";

    @Test
    void replicatesThreeTimesAndKeepsCommittedTransactionsWhenTheLeaderIsKilled() throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.builder().build()) {
            long started = System.nanoTime();
            cluster.start();
            System.out.printf("local cluster: 3 nodes ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            String bootstrap = cluster.bootstrapServers();
            TestClients.createTopic(bootstrap, TOPIC, 1);
            TopicDescription description;
            String minInsync;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
                minInsync = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
            }
            assertThat(description.partitions().get(0).replicas()).as("replicas of a topic created with the defaults").hasSize(3);
            assertThat(minInsync).isEqualTo("2");

            try (KafkaProducer<String, String> producer = TestClients.transactionalProducer(bootstrap, "tx-cluster")) {
                commit(producer, 0, 10);
                LocalKafkaCluster.Node leader = cluster.leaderOf(TOPIC, 0);
                LocalKafkaCluster.Node coordinator = cluster.transactionCoordinatorOf("tx-cluster");
                assertThat(coordinator.id()).isBetween(1, 3);
                leader.kill();
                commit(producer, 10, 20);
                assertThat(cluster.leaderOf(TOPIC, 0).id()).as("a new leader").isNotEqualTo(leader.id());

                leader.start();
                cluster.awaitFullyReplicated(WAIT);
                assertThat(cluster.underReplicatedPartitions()).isZero();
            }
            List<ConsumerRecord<String, String>> records = TestClients.readCommitted(bootstrap, TOPIC, 20, WAIT);
            assertThat(records).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "v" + i).toList());
        }
    }

    private static void commit(KafkaProducer<String, String> producer, int from, int to) {
        producer.beginTransaction();
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(TOPIC, "k", "v" + i));
        }
        producer.commitTransaction();
    }
}

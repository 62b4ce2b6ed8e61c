package dev.eventscheduler.model.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.eventscheduler.localkafka.LocalKafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * On a real three-broker cluster: topics created with replication factor 3 get
 * {@code min.insync.replicas} 2, and topics with a single replica are named in one loud warning, or
 * refused when replication is required.
 */
class TopicReplicationTest {

    private static LocalKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        cluster = LocalKafkaCluster.builder().build().start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void topicsWithThreeReplicasRequireTwoInSyncAndPassTheCheck() throws Exception {
        Topics topics = new Topics("replicated.");
        new TopicProvisioner(admin).requireReplication(true).provision(new TopicPlan(topics, 3, 3, Optional.of((short) 3)));

        for (String name : topics.all()) {
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
            assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).as(name).hasSize(3));
            assertThat(minInsync(name)).as(name).isEqualTo("2");
        }
    }

    @Test
    void singleReplicaTopicsAreRefusedWhenReplicationIsRequiredAndNamedInAWarningOtherwise() {
        Topics topics = new Topics("single.");
        TopicPlan plan = new TopicPlan(topics, 3, 3, Optional.of((short) 1));

        assertThatThrownBy(() -> new TopicProvisioner(admin).requireReplication(true).provision(plan))
                .isInstanceOf(TopicLayoutException.class)
                .hasMessageContaining("cluster of 3 brokers")
                .hasMessageContaining(topics.tasks() + " (replication.factor=1)")
                .hasMessageContaining(topics.triggerState() + " (replication.factor=1)")
                .hasMessageContaining("SCHEDULER_REPLICATION_FACTOR=3")
                .message().doesNotContain("__transaction_state");

        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(TopicProvisioner.class);
        warnings.start();
        logger.addAppender(warnings);
        try {
            new TopicProvisioner(admin).provision(plan);
        } finally {
            logger.detachAppender(warnings);
        }
        assertThat(warnings.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("UNREPLICATED TOPICS.").contains(topics.schedules() + " (replication.factor=1)");
    }

    @Test
    void aTopicThatAcknowledgesWithOneInSyncReplicaIsNamed() throws Exception {
        Topics topics = new Topics("weak-isr.");
        new TopicProvisioner(admin).provision(new TopicPlan(topics, 3, 3, Optional.of((short) 3)));
        ConfigResource tasks = new ConfigResource(ConfigResource.Type.TOPIC, topics.tasks());
        admin.incrementalAlterConfigs(Map.of(tasks, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                new org.apache.kafka.clients.admin.ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1"),
                org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> new TopicProvisioner(admin).requireReplication(true)
                .provision(new TopicPlan(topics, 3, 3, Optional.of((short) 3))))
                .isInstanceOf(TopicLayoutException.class)
                .hasMessageContaining(topics.tasks() + " (min.insync.replicas=1)")
                .message().doesNotContain(topics.results());
    }

    private static String minInsync(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
    }
}

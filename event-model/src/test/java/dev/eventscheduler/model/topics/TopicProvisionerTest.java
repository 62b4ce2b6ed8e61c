package dev.eventscheduler.model.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@KafkaTest
class TopicProvisionerTest {

    private final Admin admin;
    private final Topics topics;

    TopicProvisionerTest(TestKafka kafka) {
        this.admin = Admin.create(kafka.clientConfig());
        this.topics = new Topics(kafka.uniqueName("prov") + ".");
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void createsTheNineTopicsOnceWithTheirPartitionsAndCleanupPolicies() throws Exception {
        TopicPlan plan = new TopicPlan(topics, 6, 4, Optional.empty());
        // one broker is a development cluster: one replica is what it has, and not refused
        TopicProvisioner provisioner = new TopicProvisioner(admin).requireReplication(true);

        assertThat(provisioner.provision(plan)).containsExactlyInAnyOrderElementsOf(topics.all());
        assertThat(provisioner.provision(plan)).isEmpty();

        Map<String, TopicDescription> described = admin.describeTopics(topics.all()).allTopicNames().get();
        assertThat(described.get(topics.schedules()).partitions()).hasSize(6);
        assertThat(described.get(topics.triggerState()).partitions()).hasSize(6);
        assertThat(described.get(topics.runEnds()).partitions()).hasSize(6);
        assertThat(described.get(topics.tasks()).partitions()).hasSize(4);
        assertThat(described.get(topics.results()).partitions()).hasSize(4);
        assertThat(described.get(topics.retry()).partitions()).hasSize(4);
        assertThat(cleanupPolicy(topics.schedules())).isEqualTo("compact");
        assertThat(cleanupPolicy(topics.triggerState())).isEqualTo("compact");
        assertThat(cleanupPolicy(topics.runEnds())).isEqualTo("compact");
        assertThat(cleanupPolicy(topics.tasks())).isEqualTo("delete");
        assertThat(cleanupPolicy(topics.deadLetters())).isEqualTo("delete");
        assertThat(described.get(topics.control()).partitions()).hasSize(TopicPlan.CONTROL_PARTITIONS);
        assertThat(cleanupPolicy(topics.control())).isEqualTo("compact,delete");
        assertThat(cleanupPolicy(topics.deadLetterActions())).isEqualTo("compact,delete");
    }

    @Test
    void createsOnlyWhatIsMissing() throws Exception {
        admin.createTopics(List.of(new NewTopic(topics.tasks(), 2, (short) 1))).all().get();

        Set<String> created = new TopicProvisioner(admin).provision(TopicPlan.defaults(topics));

        assertThat(created).doesNotContain(topics.tasks()).hasSize(topics.all().size() - 1);
        assertThat(admin.describeTopics(List.of(topics.tasks())).allTopicNames().get()
                .get(topics.tasks()).partitions()).hasSize(2);
    }

    @Test
    void refusesSchedulesAndTriggerStateThatAreNotCoPartitioned() throws Exception {
        admin.createTopics(List.of(
                new NewTopic(topics.schedules(), 4, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(topics.triggerState(), 2, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all().get();

        assertThatThrownBy(() -> new TopicProvisioner(admin).provision(TopicPlan.defaults(topics)))
                .isInstanceOf(TopicLayoutException.class)
                .hasMessageContaining(topics.schedules() + " has 4 partitions")
                .hasMessageContaining(topics.triggerState() + " has 2")
                .hasMessageContaining("same count");
    }

    @Test
    void refusesRunEndsThatAreNotCoPartitionedWithTheSchedules() throws Exception {
        admin.createTopics(List.of(new NewTopic(topics.runEnds(), 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all().get();

        assertThatThrownBy(() -> new TopicProvisioner(admin).provision(TopicPlan.defaults(topics)))
                .isInstanceOf(TopicLayoutException.class)
                .hasMessageContaining(topics.runEnds() + " has 3")
                .hasMessageContaining("same count");
    }

    @Test
    void refusesASchedulesTopicThatIsNotCompacted() throws Exception {
        admin.createTopics(List.of(new NewTopic(topics.schedules(), 12, (short) 1))).all().get();

        assertThatThrownBy(() -> new TopicProvisioner(admin).provision(TopicPlan.defaults(topics)))
                .isInstanceOf(TopicLayoutException.class)
                .hasMessageContaining(topics.schedules() + " (cleanup.policy=delete)")
                .hasMessageContaining("must be compacted");
    }

    private String cleanupPolicy(String topic) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get("cleanup.policy").value();
    }
}

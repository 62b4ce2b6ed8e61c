package dev.eventscheduler.model.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.config.Environment;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicPlanTest {

    private final Topics topics = Topics.defaults();

    @Test
    void theEnvironmentGivesPartitionsAndReplicationAndDefaultsTheRest() {
        TopicPlan plan = TopicPlan.fromEnvironment(new Environment(Map.of(
                Environment.SCHEDULE_PARTITIONS, "24", Environment.REPLICATION_FACTOR, "3")), topics);

        assertThat(plan).isEqualTo(new TopicPlan(topics, 24, TopicPlan.DEFAULT_TASK_PARTITIONS, Optional.of((short) 3)));
        assertThat(TopicPlan.fromEnvironment(new Environment(Map.of()), topics)).isEqualTo(TopicPlan.defaults(topics));
    }

    @Test
    void threeReplicasOrMoreRequireTwoInSyncAndFewerLeaveItToTheBroker() {
        assertThat(new TopicPlan(topics, 1, 1, Optional.of((short) 3)).newTopics()).allSatisfy(topic -> {
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        });
        assertThat(new TopicPlan(topics, 1, 1, Optional.of((short) 2)).newTopics()).extracting(NewTopic::configs)
                .allSatisfy(configs -> assertThat(configs).doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
        assertThat(TopicPlan.defaults(topics).newTopics()).extracting(NewTopic::configs)
                .allSatisfy(configs -> assertThat(configs).doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SCHEDULER_REPLICATION_FACTOR | 0 | SCHEDULER_REPLICATION_FACTOR must be 1 to 32767, was 0",
            "SCHEDULER_REPLICATION_FACTOR | -1 | SCHEDULER_REPLICATION_FACTOR must be 1 to 32767, was -1",
            "SCHEDULER_REPLICATION_FACTOR | 32768 | SCHEDULER_REPLICATION_FACTOR must be 1 to 32767, was 32768",
            "SCHEDULER_REPLICATION_FACTOR | three | SCHEDULER_REPLICATION_FACTOR must be a whole number, was 'three'",
            "SCHEDULER_REPLICATION_FACTOR | 99999999999 | SCHEDULER_REPLICATION_FACTOR must be a whole number, was '99999999999'",
            "SCHEDULER_SCHEDULE_PARTITIONS | 0 | SCHEDULER_SCHEDULE_PARTITIONS must be 1 to 10000, was 0",
            "SCHEDULER_TASK_PARTITIONS | 10001 | SCHEDULER_TASK_PARTITIONS must be 1 to 10000, was 10001",
    })
    void aValueOutOfRangeIsRefusedNamingTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> TopicPlan.fromEnvironment(new Environment(Map.of(variable, value)), topics))
                .isInstanceOf(EventSchedulerException.class).hasMessage(message);
    }
}

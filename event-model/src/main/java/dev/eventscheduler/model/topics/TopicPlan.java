package dev.eventscheduler.model.topics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How the nine topics are created when missing: partition counts, replication and configs.
 * {@code scheduler.schedules}, {@code scheduler.trigger-state} and {@code scheduler.run-ends}
 * always get the same partition count, so a schedule's definition, its trigger state and the end
 * of its latest run share a partition number.
 *
 * @param topics             the names
 * @param schedulePartitions partitions of the schedules, trigger-state and run-ends topics: the most
 *                           scheduler instances that share the firing work (default {@value #DEFAULT_SCHEDULE_PARTITIONS})
 * @param taskPartitions     partitions of the tasks, results and retry topics: the most executor
 *                           instances that share the work (default {@value #DEFAULT_TASK_PARTITIONS})
 * @param replicationFactor  replicas per partition; empty for the broker's {@code default.replication.factor}
 */
public record TopicPlan(Topics topics, int schedulePartitions, int taskPartitions, Optional<Short> replicationFactor) {

    public static final int DEFAULT_SCHEDULE_PARTITIONS = 12;
    public static final int DEFAULT_TASK_PARTITIONS = 12;
    /** Dead letters are few and read by people: a few partitions suffice. */
    public static final int DEAD_LETTER_PARTITIONS = 3;
    /** Requests to stop runs are few, and every executor reads them all: a few partitions suffice. */
    public static final int CONTROL_PARTITIONS = 3;
    /** Tasks, results and retries are kept a week; dead letters two. */
    public static final long EVENT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEAD_LETTER_RETENTION_MS = 2 * EVENT_RETENTION_MS;

    public TopicPlan {
        if (schedulePartitions < 1 || taskPartitions < 1) {
            throw new IllegalArgumentException("partition counts must be at least 1");
        }
    }

    /** The default plan for {@code topics}. */
    public static TopicPlan defaults(Topics topics) {
        return new TopicPlan(topics, DEFAULT_SCHEDULE_PARTITIONS, DEFAULT_TASK_PARTITIONS, Optional.empty());
    }

    /** The topics to create, with their configs. */
    public List<NewTopic> newTopics() {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> events = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(EVENT_RETENTION_MS));
        Map<String, String> deadLetters = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION_MS));
        // one request per run is kept (compact), and none longer than the task it could stop (delete)
        Map<String, String> control = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(EVENT_RETENTION_MS));
        Map<String, String> deadLetterActions = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION_MS));
        return List.of(
                topic(topics.schedules(), schedulePartitions, compacted),
                topic(topics.triggerState(), schedulePartitions, compacted),
                topic(topics.runEnds(), schedulePartitions, compacted),
                topic(topics.tasks(), taskPartitions, events),
                topic(topics.results(), taskPartitions, events),
                topic(topics.retry(), taskPartitions, events),
                topic(topics.deadLetters(), DEAD_LETTER_PARTITIONS, deadLetters),
                topic(topics.control(), CONTROL_PARTITIONS, control),
                topic(topics.deadLetterActions(), DEAD_LETTER_PARTITIONS, deadLetterActions));
    }

    private NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configs);
    }
}

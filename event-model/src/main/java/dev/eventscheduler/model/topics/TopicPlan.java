package dev.eventscheduler.model.topics;

import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.config.Environment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How the thirteen topics are created when missing: partition counts, replication and configs.
 * {@code scheduler.schedules}, {@code scheduler.trigger-state} and {@code scheduler.run-ends}
 * always get the same partition count, so a schedule's definition, its trigger state and the end
 * of its latest run share a partition number.
 *
 * @param topics             the names
 * @param schedulePartitions partitions of the schedules, trigger-state and run-ends topics: the most
 *                           scheduler instances that share the firing work (default {@value #DEFAULT_SCHEDULE_PARTITIONS})
 * @param taskPartitions     partitions of the tasks, results, retry and logs topics: the most executor
 *                           instances that share the work (default {@value #DEFAULT_TASK_PARTITIONS})
 * @param replicationFactor  replicas per partition; empty for the broker's {@code default.replication.factor}.
 *                           With 3 or more, each topic also gets {@code min.insync.replicas} 2, so an
 *                           acknowledged write is on two brokers.
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

    /** Replicas from which a topic also requires {@value #REPLICATED_MIN_INSYNC} in-sync replicas per write. */
    public static final short FULL_REPLICATION = 3;
    public static final int REPLICATED_MIN_INSYNC = 2;
    /** The most partitions a topic of the plan may get: far past what a scheduler deployment uses, short of a typo's harm. */
    public static final int MAX_PARTITIONS = 10_000;

    public TopicPlan {
        if (schedulePartitions < 1 || taskPartitions < 1 || schedulePartitions > MAX_PARTITIONS || taskPartitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("partition counts must be 1 to " + MAX_PARTITIONS + ", were "
                    + schedulePartitions + " and " + taskPartitions);
        }
        if (replicationFactor.isPresent() && replicationFactor.get() < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor.get());
        }
    }

    /** The default plan for {@code topics}. */
    public static TopicPlan defaults(Topics topics) {
        return new TopicPlan(topics, DEFAULT_SCHEDULE_PARTITIONS, DEFAULT_TASK_PARTITIONS, Optional.empty());
    }

    /**
     * The plan the environment gives: partition counts from {@value Environment#SCHEDULE_PARTITIONS}
     * and {@value Environment#TASK_PARTITIONS}, replication from {@value Environment#REPLICATION_FACTOR}
     * (the broker's default when unset), defaults for the rest. Every service that creates topics
     * reads the same variables, so whichever starts first lays them out the same way.
     *
     * @throws EventSchedulerException naming the variable when a value is out of range
     */
    public static TopicPlan fromEnvironment(Environment env, Topics topics) {
        int schedulePartitions = env.integer(Environment.SCHEDULE_PARTITIONS, DEFAULT_SCHEDULE_PARTITIONS);
        int taskPartitions = env.integer(Environment.TASK_PARTITIONS, DEFAULT_TASK_PARTITIONS);
        int replicas = env.integer(Environment.REPLICATION_FACTOR, 0);
        requireRange(Environment.SCHEDULE_PARTITIONS, schedulePartitions, 1, MAX_PARTITIONS);
        requireRange(Environment.TASK_PARTITIONS, taskPartitions, 1, MAX_PARTITIONS);
        if (env.string(Environment.REPLICATION_FACTOR, null) != null) {
            requireRange(Environment.REPLICATION_FACTOR, replicas, 1, Short.MAX_VALUE);
        }
        return new TopicPlan(topics, schedulePartitions, taskPartitions,
                replicas == 0 ? Optional.empty() : Optional.of((short) replicas));
    }

    private static void requireRange(String variable, int value, int min, int max) {
        if (value < min || value > max) {
            throw new EventSchedulerException(variable + " must be " + min + " to " + max + ", was " + value);
        }
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
                topic(topics.deadLetterActions(), DEAD_LETTER_PARTITIONS, deadLetterActions),
                // a handful of small records every instance reads whole: one partition keeps them in order
                topic(topics.calendars(), 1, compacted),
                topic(topics.logs(), taskPartitions, events),
                topic(topics.notifyRules(), 1, compacted),
                topic(topics.notificationDeadLetters(), DEAD_LETTER_PARTITIONS, deadLetters));
    }

    private NewTopic topic(String name, int partitions, Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        if (replicationFactor.isPresent() && replicationFactor.get() >= FULL_REPLICATION) {
            all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(REPLICATED_MIN_INSYNC));
        }
        return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(all);
    }
}

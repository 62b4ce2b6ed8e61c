package dev.eventscheduler.model.topics;

import dev.eventscheduler.model.EventSchedulerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of a {@link TopicPlan} that are missing, leaves existing ones alone, and then
 * checks the layout the guarantees rest on: schedules, trigger state and run ends co-partitioned
 * and compacted, and, on a cluster of three brokers or more, every topic replicated (see
 * {@link #requireReplication}). Safe to run from every instance at every start, concurrently.
 */
public final class TopicProvisioner {

    /** How long one provisioning run may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final long VISIBILITY_POLL_MS = 50;
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Duration timeout;
    private boolean requireReplication;

    public TopicProvisioner(Admin admin) {
        this(admin, DEFAULT_TIMEOUT);
    }

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Connects with {@code adminConfig} (bootstrap servers and any security settings), provisions
     * {@code plan} and disconnects, warning about unreplicated topics: what a test or a benchmark does.
     */
    public static Set<String> provision(Map<String, Object> adminConfig, TopicPlan plan) {
        return provision(adminConfig, plan, false);
    }

    /** The same, refusing unreplicated topics when {@code requireReplication}: what a service's {@code main} does at start. */
    public static Set<String> provision(Map<String, Object> adminConfig, TopicPlan plan, boolean requireReplication) {
        try (Admin admin = Admin.create(adminConfig)) {
            return new TopicProvisioner(admin).requireReplication(requireReplication).provision(plan);
        }
    }

    /**
     * On a cluster of three brokers or more, a topic of ours, {@code __transaction_state} or
     * {@code __consumer_offsets} with a single replica or {@code min.insync.replicas} 1 loses
     * acknowledged writes with one disk. By default (false) that is one loud warning naming each
     * topic and the fix; true refuses to start instead, with the same message. A smaller cluster is
     * taken for a development one and not checked.
     */
    public TopicProvisioner requireReplication(boolean require) {
        this.requireReplication = require;
        return this;
    }

    /**
     * Makes the plan's topics exist and checks their layout.
     *
     * @return the names of the topics this call created (empty when all existed)
     * @throws TopicLayoutException when existing topics break the layout the system needs
     */
    public Set<String> provision(TopicPlan plan) {
        Set<String> existing = await(admin.listTopics().names());
        List<NewTopic> missing = plan.newTopics().stream().filter(t -> !existing.contains(t.name())).toList();
        Set<String> created = create(missing);
        if (!created.isEmpty()) {
            awaitWritable(created);
            log.info("Created topics {}", created);
        }
        checkLayout(plan.topics());
        checkReplication(plan.topics());
        return created;
    }

    private void checkReplication(Topics topics) {
        ReplicationCheck.Findings findings = new ReplicationCheck(admin, timeout).weakTopics(topics.all());
        if (findings.weak().isEmpty()) {
            return;
        }
        if (requireReplication) {
            throw new TopicLayoutException(findings.message());
        }
        log.warn("UNREPLICATED TOPICS. {}", findings.message());
    }

    private Set<String> create(List<NewTopic> missing) {
        Set<String> created = new HashSet<>();
        if (missing.isEmpty()) {
            return created;
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                await(result.getValue());
                created.add(result.getKey());
            } catch (EventSchedulerException e) {
                // another instance created it between our listing and our request: that is fine
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    /**
     * Returns once every partition of {@code names} answers a ListOffsets request, which only the
     * partition's serving leader does. A producer that writes the moment a topic exists can otherwise
     * meet NOT_LEADER_OR_FOLLOWER on its first batch (the broker's metadata names the leader a moment
     * before its replica serves), and an idempotent producer whose later batch lands first then
     * retries the first one for ever.
     */
    private void awaitWritable(Set<String> names) {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        describeOnceVisible(List.copyOf(names)).values().forEach(topic -> topic.partitions().forEach(p ->
                partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                await(admin.listOffsets(partitions).all());
                return;
            } catch (EventSchedulerException e) {
                if (System.nanoTime() > deadline) {
                    throw new EventSchedulerException("topics " + names + " are not writable after " + timeout
                            + ": " + e.getMessage(), e.getCause());
                }
            }
            pause();
        }
    }

    private void checkLayout(Topics topics) {
        // the topics keyed by schedule id, which a scheduler instance reads by the partitions it owns
        List<String> bySchedule = List.of(topics.schedules(), topics.triggerState(), topics.runEnds());
        Map<String, TopicDescription> described = describeOnceVisible(bySchedule);
        int schedules = described.get(topics.schedules()).partitions().size();
        for (String name : bySchedule) {
            int partitions = described.get(name).partitions().size();
            if (partitions != schedules) {
                throw new TopicLayoutException(topics.schedules() + " has " + schedules + " partitions but " + name
                        + " has " + partitions + ": they must have the same count, so that what belongs to a schedule "
                        + "sits in the same-numbered partition as its definition. Give " + name + " " + schedules
                        + " partitions (recreate it; its data is rebuilt from fires and results) or use another topic prefix.");
            }
        }
        List<String> notCompacted = new ArrayList<>();
        Collection<ConfigResource> resources = bySchedule.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all());
        configs.forEach((resource, config) -> {
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (policy == null || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                notCompacted.add(resource.name() + " (cleanup.policy=" + policy + ")");
            }
        });
        if (!notCompacted.isEmpty()) {
            throw new TopicLayoutException(notCompacted.stream().sorted().collect(Collectors.joining(", "))
                    + " must be compacted (cleanup.policy=compact), or schedules, trigger state and run ends are "
                    + "deleted when retention runs out.");
        }
    }

    /** Topics just created reach the broker's metadata a moment after the controller has them. */
    private Map<String, TopicDescription> describeOnceVisible(List<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return await(admin.describeTopics(names).allTopicNames());
            } catch (EventSchedulerException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(VISIBILITY_POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSchedulerException("interrupted while provisioning topics", e);
        }
    }

    private <T> T await(KafkaFuture<T> future) {
        return AdminCalls.await(future, timeout, "topic provisioning");
    }
}

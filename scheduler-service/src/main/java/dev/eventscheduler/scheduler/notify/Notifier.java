package dev.eventscheduler.scheduler.notify;

import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.RunState;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.kafka.KeyPartitions;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.validation.TaskResultValidator;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.scheduler.tracker.Run;
import dev.eventscheduler.scheduler.tracker.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where notify rules fire: reads the results topic in a consumer group of the scheduler instances
 * of its own, so each run's final result is weighed by exactly one instance, matches it against the
 * rules (and, for a streak, the runs the tracker keeps), pauses the schedule of a rule that says so,
 * and sends the notifications. A poll's offsets are committed once every notification it raised got
 * through or was dead-lettered: a crash sends again rather than never (the receiver has the
 * notification's id to drop a repeat). A partition the group has never committed is read from the
 * results written since this notifier was made: no instance tells of what ended before notifying
 * began. Runs on its own thread.
 */
public final class Notifier implements Runnable {

    /** The suffix of the notifier's group: the scheduler's group id plus this. */
    public static final String GROUP_SUFFIX = "-notifier";

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final Consumer<String, byte[]> consumer;
    private final String resultsTopic;
    private final StatusTracker tracker;
    private final SchedulerClient publisher;
    private final WebhookSender sender;
    private final TaskResultDeserializer deserializer = new TaskResultDeserializer();
    private final Lifecycle lifecycle = new Lifecycle("notifier");
    private final LongRuns longRuns = new LongRuns();
    private final Clock clock;
    /** Where a partition without a committed offset is read from: the results written from this instant on. */
    private final Instant since;

    /** @param consumer a consumer in the notifier's group ({@code read_committed}, no auto-commit), closed by this */
    Notifier(Consumer<String, byte[]> consumer, String resultsTopic, StatusTracker tracker, SchedulerClient publisher,
             WebhookSender sender, Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
        this.consumer = consumer;
        this.resultsTopic = resultsTopic;
        this.tracker = tracker;
        this.publisher = publisher;
        this.sender = sender;
    }

    /**
     * A notifier in group {@code groupId} on {@code clientConfig}'s cluster, sending to the webhooks
     * {@code hosts} allows and dead-lettering through {@code deadLetters} (which the caller closes).
     */
    public static Notifier create(Map<String, Object> clientConfig, String groupId, Topics topics, StatusTracker tracker,
                                  SchedulerClient publisher, WebhookHosts hosts, Duration backoff,
                                  Producer<String, byte[]> deadLetters, Clock clock) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return new Notifier(new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()),
                topics.results(), tracker, publisher, new WebhookSender(hosts, backoff, deadLetters,
                topics.notificationDeadLetters()), clock);
    }

    @Override
    public void run() {
        try {
            if (!lifecycle.running()) {
                return; // stopped before it started: it only closes its consumer
            }
            consumer.subscribe(List.of(resultsTopic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    startUncommittedAtSince(partitions);
                    watchRunningRuns(partitions);
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // each poll's offsets are committed before the next poll: only the watched runs move
                    longRuns.revoked(partitions.stream().map(TopicPartition::partition).toList());
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }
            });
            while (lifecycle.isRunning()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                List<CompletableFuture<Void>> sent = new ArrayList<>();
                records.forEach(record -> weigh(record, sent));
                for (LongRuns.Due due : longRuns.due(clock.instant(), tracker.notifyRules())) {
                    sent.add(sender.send(new Notification(due.rule(), due.run(), RunState.STARTED, 1, false)));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (lifecycle.isRunning()) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Notifier stopped", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            lifecycle.closed();
        }
    }

    /** Seeks each of {@code partitions} the group never committed to the first result written since this notifier was made. */
    private void startUncommittedAtSince(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.stream().filter(tp -> committed.get(tp) == null).forEach(tp -> times.put(tp, since.toEpochMilli()));
        if (times.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
        Map<TopicPartition, Long> ends = consumer.endOffsets(times.keySet());
        times.keySet().forEach(tp -> consumer.seek(tp, found.get(tp) != null ? found.get(tp).offset() : ends.get(tp)));
    }

    /**
     * Watches the runs the tracker has running whose results land in {@code partitions}: their
     * {@code STARTED} results were read by whoever held the partitions before.
     */
    private void watchRunningRuns(Collection<TopicPartition> partitions) {
        if (!LongRuns.anyTimed(tracker.notifyRules())) {
            return;
        }
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        int count = consumer.partitionsFor(resultsTopic).size();
        RunStore.Query running = new RunStore.Query(null, RunState.STARTED, null, null, 0, LongRuns.MAX_WATCHED);
        for (Run run : tracker.runs().find(running).runs()) {
            int partition = run.taskKey() == null ? -1 : KeyPartitions.of(run.taskKey(), count);
            if (numbers.contains(partition)) {
                longRuns.started(new TaskResult(run.eventId(), run.scheduleId(), run.taskKey(), run.taskType(), run.attempt(),
                        TaskStatus.STARTED, null, null, run.scheduledAt(), run.startedAt(), null, run.executorId()),
                        partition, tracker.notifyRules());
            }
        }
    }

    /** Weighs one result against the rules; a record that is no valid result is passed over, never fatal. */
    private void weigh(ConsumerRecord<String, byte[]> record, List<CompletableFuture<Void>> sent) {
        TaskResult result;
        try {
            if (record.value() == null || tracker.notifyRules().isEmpty()) {
                return; // with no rule, a result is not worth reading
            }
            result = TaskResultValidator.requireValid(deserializer.deserialize(record.topic(), record.headers(), record.value()));
        } catch (RuntimeException e) {
            log.debug("Notifier passed over the record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        if (result.status() == TaskStatus.STARTED) {
            longRuns.started(result, record.partition(), tracker.notifyRules());
            return;
        }
        if (result.status().endsAttempt()) {
            longRuns.ended(result.eventId()); // ended, or waiting for its next attempt: not running
        }
        if (!result.status().endsRun()) {
            return;
        }
        RunState state = RunState.of(result.status());
        for (NotifyRule rule : tracker.notifyRules().counting(result.scheduleId(), result.taskType(), state)) {
            int streak = Streaks.of(rule, result, tracker.runs());
            if (Streaks.fires(rule, streak)) {
                boolean paused = rule.pauseOnFailure() && pause(rule, result, state);
                sent.add(sender.send(new Notification(rule, result, state, streak, paused)));
            }
        }
    }

    /** Pauses the run's schedule, saying which rule did and why; false when it has no schedule, or it is gone. */
    private boolean pause(NotifyRule rule, TaskResult result, RunState state) {
        Optional<ScheduleDefinition> definition = result.scheduleId() == null ? Optional.empty()
                : tracker.catalog().get(result.scheduleId());
        if (definition.isEmpty()) {
            return false;
        }
        if (!definition.get().paused()) {
            publisher.pause(definition.get(), "run " + result.eventId() + " ended " + state + " (notify rule " + rule.name() + ")",
                    "notify rule " + rule.name());
            log.info("Notify rule {} paused schedule {}: run {} ended {}", rule.name(), result.scheduleId(), result.eventId(), state);
        }
        return true;
    }

    /** Stops after the poll under way; the notifications it raised are sent first. */
    public void stop() {
        if (lifecycle.drain()) {
            consumer.wakeup();
        }
    }
}

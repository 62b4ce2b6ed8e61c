package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.ScheduleProgress;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskEvents;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.model.kafka.Calendars;
import dev.eventscheduler.model.kafka.ScheduleDefinitionDeserializer;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.NotifyRules;
import dev.eventscheduler.model.kafka.RunLogChunkDeserializer;
import dev.eventscheduler.model.kafka.TriggerStateDeserializer;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.lifecycle.LoopThread;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.model.validation.RunLogChunkValidator;
import dev.eventscheduler.model.validation.ScheduleRecord;
import dev.eventscheduler.model.validation.TaskResultValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what ran: reads every partition of the tasks and results topics ({@code read_committed})
 * into the {@link RunStore}, the logs topic into the {@link RunLogStore}, the whole schedules and trigger-state topics into the {@link ScheduleCatalog}, the
 * calendars topic into {@link Calendars}, the notify-rules topic into {@link NotifyRules}, and the
 * newest dead letters with what was done with them into the {@link DeadLetterStore}. On start
 * it reads the schedules topic to its end first, then tasks, results and logs only from the look-back
 * window (found with {@code offsetsForTimes}), so a restart takes seconds however long the topics
 * are. Runs on its own thread, {@code scheduler-tracker}; every instance tracks everything.
 */
public final class StatusTracker implements Runnable, AutoCloseable {

    /** How long {@link #close()} waits for the tracker's thread to close its consumer. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(StatusTracker.class);

    private final Topics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration lookback;
    private final Clock clock;
    private final RunStore runs;
    private final ScheduleCatalog catalog = new ScheduleCatalog();
    private final TaskTypes taskTypes = new TaskTypes();
    private final Calendars calendars = new Calendars();
    private final NotifyRules notifyRules = new NotifyRules();
    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private final RunLogStore runLogs = new RunLogStore();
    private final RunLogChunkDeserializer runLogChunks = new RunLogChunkDeserializer();
    private final TaskEventDeserializer taskEvents = new TaskEventDeserializer();
    private final TaskResultDeserializer taskResults = new TaskResultDeserializer();
    private final ScheduleDefinitionDeserializer definitions = new ScheduleDefinitionDeserializer();
    private final TriggerStateDeserializer triggerStates = new TriggerStateDeserializer();
    private final LoopThread thread = new LoopThread("scheduler-tracker", this, this::askToStop, STOP_TIMEOUT);
    private final Lifecycle lifecycle = new Lifecycle("status tracker");
    private volatile boolean caughtUp;
    private volatile long lag;
    private Map<TopicPartition, Long> startEnd = Map.of();
    private final TaskEventLookup lookup;
    private final DeadLetterReader deadLetterReader;

    public StatusTracker(Topics topics, Map<String, Object> clientConfig, Duration lookback, Clock clock, RunStore runs) {
        this.topics = topics;
        this.lookback = lookback;
        this.clock = clock;
        this.runs = runs;
        Map<String, Object> config = groupLess(clientConfig);
        // committed fires wake a read_committed fetch only after fetch.max.wait.ms: keep the live view fresh
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.lookup = new TaskEventLookup(topics.tasks(), clientConfig);
        this.deadLetterReader = new DeadLetterReader(topics.deadLetters(), clientConfig);
    }

    /** Settings for a consumer of the tracker's: group-less, {@code read_committed}, committing nothing. */
    static Map<String, Object> groupLess(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    public void start() {
        lifecycle.running();
        thread.start();
    }

    public RunStore runs() {
        return runs;
    }

    public ScheduleCatalog catalog() {
        return catalog;
    }

    /**
     * The task event {@code run} fired with, read back from the tasks topic; empty when the run
     * never fired or its event is no longer there (see {@link TaskEventLookup}). Blocks for up to a few seconds.
     */
    public Optional<TaskEvent> firedEvent(Run run) {
        return run.firedAt() == null ? Optional.empty() : lookup.find(run.eventId(), run.taskKey(), run.firedAt());
    }

    /** What the newest runs' handlers logged. */
    public RunLogStore runLogs() {
        return runLogs;
    }

    /** The newest dead letters, and what was done with them. */
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    /** The records of {@code letters} as written, by dead-letter id; those gone with retention are missing. Blocks. */
    public Map<String, ConsumerRecord<String, byte[]>> deadLetterRecords(List<DeadLetter> letters) {
        return deadLetterReader.read(letters);
    }

    /** The exclusion calendars, as the calendars topic has them. */
    public Calendars calendars() {
        return calendars;
    }

    /** The notify rules, as the notify-rules topic has them. */
    public NotifyRules notifyRules() {
        return notifyRules;
    }

    /** What executors last said of each task type they were given. */
    public TaskTypes taskTypes() {
        return taskTypes;
    }

    /** Whether the tracker has read everything that was on the topics when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records on the topics the tracker has not read yet, as of its last look. */
    public long lag() {
        return lag;
    }

    public boolean isRunning() {
        return lifecycle.isRunning() && thread.isAlive();
    }

    @Override
    public void run() {
        try {
            if (!lifecycle.isRunning()) {
                return; // closed before it started: it only closes its consumer
            }
            readSchedulesThenAssignLookback();
            long lastLagCheck = 0;
            while (lifecycle.isRunning()) {
                pollOnce();
                if (!caughtUp && reached(startEnd)) {
                    caughtUp = true;
                    log.info("Status tracker caught up: {} schedules, {} runs", catalog.size(), runs.size());
                }
                if (System.nanoTime() - lastLagCheck > 1_000_000_000L) {
                    lastLagCheck = System.nanoTime();
                    updateLag();
                }
            }
        } catch (WakeupException e) {
            if (lifecycle.isRunning()) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Status tracker stopped", e);
            lifecycle.drain();
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            lifecycle.closed();
        }
    }

    /**
     * The schedules topic first, to its end, then the tasks and results topics from the look-back
     * window on: every deletion before the start is known before the runs around it are read, so a
     * run of a deleted schedule is told from one of a schedule created again under the same id.
     */
    private void readSchedulesThenAssignLookback() {
        List<TopicPartition> schedules = new ArrayList<>(partitionsOf(topics.schedules()));
        schedules.addAll(partitionsOf(topics.triggerState()));
        schedules.addAll(partitionsOf(topics.calendars()));
        schedules.addAll(partitionsOf(topics.notifyRules()));
        consumer.assign(schedules);
        consumer.seekToBeginning(schedules);
        Map<TopicPartition, Long> schedulesEnd = consumer.endOffsets(schedules);
        while (lifecycle.isRunning() && !reached(schedulesEnd)) {
            pollOnce();
        }
        List<TopicPartition> runPartitions = new ArrayList<>(partitionsOf(topics.tasks()));
        runPartitions.addAll(partitionsOf(topics.results()));
        runPartitions.addAll(partitionsOf(topics.logs()));
        List<TopicPartition> deadLetterPartitions = partitionsOf(topics.deadLetters());
        List<TopicPartition> actionPartitions = partitionsOf(topics.deadLetterActions());
        List<TopicPartition> all = new ArrayList<>(schedules);
        all.addAll(runPartitions);
        all.addAll(deadLetterPartitions);
        all.addAll(actionPartitions);
        // the schedules, trigger-state, calendars and notify-rules partitions keep their positions
        consumer.assign(all);
        startEnd = consumer.endOffsets(all);
        // the newest dead letters, as many as are kept, and every action taken on them
        Map<TopicPartition, Long> firstKept = consumer.beginningOffsets(deadLetterPartitions);
        deadLetterPartitions.forEach(tp -> consumer.seek(tp, Math.max(firstKept.get(tp),
                startEnd.get(tp) - DeadLetterStore.MAX_KEPT)));
        consumer.seekToBeginning(actionPartitions);
        long since = clock.instant().minus(lookback).toEpochMilli();
        Map<TopicPartition, Long> times = new HashMap<>();
        runPartitions.forEach(tp -> times.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        for (TopicPartition partition : runPartitions) {
            OffsetAndTimestamp found = offsets.get(partition);
            consumer.seek(partition, found == null ? startEnd.get(partition) : found.offset());
        }
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            read(record);
        }
    }

    private List<TopicPartition> partitionsOf(String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.tasks())) {
                if (record.value() != null) {
                    runs.fired(TaskEvents.completeFrom(new ConsumerRecord<>(record.topic(), record.partition(),
                            record.offset(), record.key(), taskEvents.deserialize(record.topic(), record.headers(), record.value()))));
                }
            } else if (record.topic().equals(topics.triggerState())) {
                readTriggerState(record);
            } else if (record.topic().equals(topics.calendars())) {
                String problem = calendars.apply(record);
                if (problem != null) {
                    log.warn("Status tracker passed over calendar record key={}: {}", record.key(), problem);
                }
            } else if (record.topic().equals(topics.notifyRules())) {
                String problem = notifyRules.apply(record);
                if (problem != null) {
                    log.warn("Status tracker passed over notify rule record key={}: {}", record.key(), problem);
                }
            } else if (record.topic().equals(topics.logs())) {
                if (record.value() != null) {
                    runLogs.read(RunLogChunkValidator.requireValid(
                            runLogChunks.deserialize(record.topic(), record.headers(), record.value()), record.key()));
                }
            } else if (record.topic().equals(topics.deadLetters())) {
                deadLetters.read(record);
            } else if (record.topic().equals(topics.deadLetterActions())) {
                deadLetters.readAction(record);
            } else if (record.topic().equals(topics.results())) {
                if (record.value() != null) {
                    TaskResult result = TaskResultValidator.requireValid(
                            taskResults.deserialize(record.topic(), record.headers(), record.value()));
                    runs.resulted(result);
                    taskTypes.record(result);
                }
            } else if (record.key() != null) {
                if (record.value() == null) {
                    // before the catalog, which the API waits on: once a delete is answered, the summary is gone too
                    long written = record.timestamp();
                    runs.forgetSchedule(record.key(), written >= 0 ? Instant.ofEpochMilli(written) : clock.instant());
                    catalog.remove(record.key());
                } else {
                    org.apache.kafka.common.header.Header writer = record.headers().lastHeader(EventHeaders.WRITTEN_BY);
                    catalog.put(ScheduleRecord.read(record, definitions), writer == null || writer.value() == null ? null
                            : new String(writer.value(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Status tracker passed over an unreadable or invalid record at {}-{}@{}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    /** A schedule's progress, from its committed trigger state; a tombstone when the schedule is deleted. */
    private void readTriggerState(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            catalog.forgetProgress(record.key());
        } else {
            TriggerState state = triggerStates.deserialize(record.topic(), record.headers(), record.value());
            catalog.progressed(record.key(), ScheduleProgress.of(state));
        }
    }

    private void updateLag() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            behind += Math.max(0, entry.getValue() - consumer.position(entry.getKey()));
        }
        lag = behind;
    }

    /** Stops reading and closes the consumer, within {@link #STOP_TIMEOUT}. */
    @Override
    public void close() throws InterruptedException {
        thread.close();
    }

    private void askToStop() {
        if (lifecycle.drain()) {
            consumer.wakeup();
        }
    }
}

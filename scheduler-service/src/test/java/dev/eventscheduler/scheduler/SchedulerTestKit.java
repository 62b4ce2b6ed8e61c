package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.RunEnd;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.kafka.RunEndSerializer;
import dev.eventscheduler.model.kafka.ScheduleDefinitionSerializer;
import dev.eventscheduler.model.kafka.TaskResultSerializer;
import dev.eventscheduler.model.kafka.RunControlDeserializer;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.TopicProvisioner;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One test's world on the shared broker: its own topics and scheduler group, a producer of
 * schedules, a {@code read_committed} reader of everything fired and every result, and the
 * scheduler instances it started, all closed by {@link #close()}. Its checks state the scheduler's
 * guarantees once for every test.
 */
final class SchedulerTestKit implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    final TestKafka kafka;
    final Topics topics;
    final String groupId;
    private final KafkaProducer<String, byte[]> producer;
    private final List<ConsumerRecord<String, TaskEvent>> fired = new CopyOnWriteArrayList<>();
    private final List<TaskResult> results = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final Thread reader;
    private final List<SchedulerService> schedulers = new ArrayList<>();

    SchedulerTestKit(TestKafka kafka, int schedulePartitions) {
        this.kafka = kafka;
        this.topics = new Topics(kafka.uniqueName("sched") + ".");
        this.groupId = kafka.uniqueName("scheduler");
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            new TopicProvisioner(admin).provision(new TopicPlan(topics, schedulePartitions, 3, Optional.empty()));
        }
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        reader = new Thread(this::read, "test-fires-reader");
        reader.start();
    }

    /** A scheduler instance on this kit's topics and group. */
    SchedulerServiceBuilder scheduler() {
        return SchedulerService.builder().bootstrapServers(kafka.bootstrapServers()).topics(topics).groupId(groupId)
                .transactionTimeout(Duration.ofSeconds(5)).httpHost("127.0.0.1");
    }

    /**
     * Starts an instance and returns once the group has given it partitions and it is ready (its
     * tracker caught up too), so a schedule written next is fired on time rather than caught up at load.
     */
    SchedulerService start(SchedulerServiceBuilder builder) {
        return start(builder.build());
    }

    /** The same for an instance built already. */
    SchedulerService start(SchedulerService scheduler) {
        schedulers.add(scheduler);
        scheduler.start();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> scheduler.metrics().assignedPartitions() > 0
                && "UP".equals(scheduler.health().path("status").asText()));
        return scheduler;
    }

    /** Writes a schedule straight onto the schedules topic, as any Kafka client may. */
    void put(ScheduleDefinition definition) {
        send(scheduleRecord(definition));
    }

    /** Writes many schedules at once: all sent, then all acknowledged. */
    void putAll(Collection<ScheduleDefinition> definitions) {
        definitions.stream().map(definition -> producer.send(scheduleRecord(definition))).toList()
                .forEach(SchedulerTestKit::acknowledged);
    }

    private ProducerRecord<String, byte[]> scheduleRecord(ScheduleDefinition definition) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = new ScheduleDefinitionSerializer().serialize(topics.schedules(), headers, definition);
        return new ProducerRecord<>(topics.schedules(), null, definition.id(), value, headers);
    }

    /** Writes any JSON under any key onto the schedules topic, as a careless or hostile producer may. */
    void putRaw(String key, String json) {
        send(new ProducerRecord<>(topics.schedules(), key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Writes a result onto the results topic, as an executor does. */
    void putResult(TaskResult result) {
        RecordHeaders headers = new RecordHeaders();
        send(new ProducerRecord<>(topics.results(), null, result.taskKey(),
                new TaskResultSerializer().serialize(topics.results(), headers, result), headers));
    }

    /**
     * Ends a fired run as an executor does: its final result on the results topic and its end on
     * the run-ends topic, keyed by the schedule id. Returns the result, which says when it finished.
     */
    TaskResult endRun(TaskEvent event, TaskStatus status) {
        return endRun(event, status, Instant.now());
    }

    /** Ends the run of {@code event} as an executor does, its final result and run end saying it ended at {@code now}. */
    TaskResult endRun(TaskEvent event, TaskStatus status, Instant now) {
        TaskResult result = new TaskResult(event.eventId(), event.scheduleId(), event.taskKey(), event.taskType(),
                event.attempt(), status, null, null, event.scheduledAt(), now, now, "test-executor");
        putResult(result);
        RecordHeaders headers = new RecordHeaders();
        send(new ProducerRecord<>(topics.runEnds(), null, event.scheduleId(),
                new RunEndSerializer().serialize(topics.runEnds(), headers, RunEnd.of(result)), headers));
        return result;
    }

    /** Writes any JSON as a schedule's trigger state, as a careless or hostile producer may. */
    void putRawTriggerState(String scheduleId, String json) {
        send(new ProducerRecord<>(topics.triggerState(), scheduleId, json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    void delete(String scheduleId) {
        send(new ProducerRecord<>(topics.schedules(), scheduleId, null));
    }

    /** Writes any record, as any producer may. */
    void send(ProducerRecord<String, byte[]> record) {
        acknowledged(producer.send(record));
    }

    private static void acknowledged(java.util.concurrent.Future<?> ack) {
        try {
            ack.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every task event fired so far (read_committed), in the order read. */
    List<TaskEvent> fired() {
        return fired.stream().map(ConsumerRecord::value).toList();
    }

    List<TaskEvent> fired(String scheduleId) {
        return fired().stream().filter(e -> scheduleId.equals(e.scheduleId())).toList();
    }

    /** Fired task events with the time their record was written. */
    List<ConsumerRecord<String, TaskEvent>> firedRecords(String scheduleId) {
        return fired.stream().filter(r -> scheduleId.equals(r.value().scheduleId())).toList();
    }

    /** Every result of the schedule's runs read so far, in order. */
    List<TaskResult> results(String scheduleId) {
        return results.stream().filter(r -> scheduleId.equals(r.scheduleId())).toList();
    }

    List<TaskResult> skipped(String scheduleId) {
        return results.stream().filter(r -> r.status() == TaskStatus.SKIPPED && scheduleId.equals(r.scheduleId())).toList();
    }

    void awaitFired(String scheduleId, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> fired(scheduleId).size() >= count);
    }

    /**
     * Waits until {@code scheduleId} has had no new fire for {@code quiet}, and returns how many it
     * had then. A fire already committed when a pause or delete was written may still land first;
     * that fires stop is an absence, which can only be watched for a while.
     */
    int awaitNoFiresFor(String scheduleId, Duration quiet) {
        int[] last = {-1};
        long[] since = {0};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            int now = fired(scheduleId).size();
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] >= quiet.toNanos();
        });
        return last[0];
    }

    void awaitUntil(Predicate<SchedulerTestKit> condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> condition.test(this));
    }

    /** No scheduled time was fired twice: every event id on the tasks topic is unique. */
    void noDuplicateFires() {
        Map<String, Long> counts = fired().stream().collect(Collectors.groupingBy(TaskEvent::eventId, Collectors.counting()));
        assertThat(counts).as("fires per event id").allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
    }

    /**
     * Every time in {@code expected} of the schedule is accounted for exactly once: fired, or
     * reported {@code SKIPPED} (a misfire policy may skip what it does not fire).
     */
    void everyTimeOnce(String scheduleId, Collection<Instant> expected) {
        Map<Instant, Long> fires = fired(scheduleId).stream()
                .collect(Collectors.groupingBy(TaskEvent::scheduledAt, Collectors.counting()));
        Map<Instant, Long> skips = skipped(scheduleId).stream()
                .collect(Collectors.groupingBy(TaskResult::scheduledAt, Collectors.counting()));
        Map<Instant, Long> accounted = new HashMap<>(fires);
        skips.forEach((time, count) -> accounted.merge(time, count, Long::sum));
        assertThat(expected).as("scheduled times of %s", scheduleId).allSatisfy(time ->
                assertThat(accounted.getOrDefault(time, 0L)).as("%s at %s (fired %s, skipped %s)", scheduleId, time,
                        fires.getOrDefault(time, 0L), skips.getOrDefault(time, 0L)).isEqualTo(1L));
    }

    /** The committed records on the trigger-state topic now, read from the beginning to the end. */
    List<ConsumerRecord<String, byte[]>> triggerStateRecords() {
        return committedRecords(topics.triggerState());
    }

    /** The values of header {@code header} on the committed records of {@code key} in {@code topic}, in order ("" where absent). */
    List<String> committedHeader(String topic, String key, String header) {
        return committedRecords(topic).stream().filter(r -> key.equals(r.key())).map(r -> {
            org.apache.kafka.common.header.Header found = r.headers().lastHeader(header);
            return found == null ? "" : new String(found.value(), java.nio.charset.StandardCharsets.UTF_8);
        }).toList();
    }

    /** The committed requests to stop runs on the control topic now, in the order they were asked for. */
    List<RunControl> runControls() {
        RunControlDeserializer deserializer = new RunControlDeserializer();
        return committedRecords(topics.control()).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.headers(), r.value()))
                .sorted(java.util.Comparator.comparing(RunControl::requestedAt)).toList();
    }

    /** Every committed record of {@code topic} so far. */
    List<ConsumerRecord<String, byte[]>> records(String topic) {
        return committedRecords(topic);
    }

    private List<ConsumerRecord<String, byte[]>> committedRecords(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = committedFromBeginning(List.of(topic))) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            // the consumer is single-threaded: poll it on this thread, not awaitility's
            await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                consumer.poll(Duration.ofMillis(50)).forEach(records::add);
                return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
        }
        return records;
    }

    /** A {@code read_committed} consumer assigned every partition of {@code names}, at their beginning. */
    private KafkaConsumer<String, byte[]> committedFromBeginning(List<String> names) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : names) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private void read() {
        TaskEventDeserializer events = new TaskEventDeserializer();
        TaskResultDeserializer resultReader = new TaskResultDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = committedFromBeginning(List.of(topics.tasks(), topics.results()))) {
            while (reading.get()) {
                // added a poll at a time: each add to a copy-on-write list copies it, and tests fire tens of thousands
                List<ConsumerRecord<String, TaskEvent>> polledFires = new ArrayList<>();
                List<TaskResult> polledResults = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (record.topic().equals(topics.tasks())) {
                        polledFires.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                                record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(),
                                events.deserialize(record.topic(), record.headers(), record.value()), record.headers(),
                                Optional.empty()));
                    } else {
                        polledResults.add(resultReader.deserialize(record.topic(), record.headers(), record.value()));
                    }
                }
                fired.addAll(polledFires);
                results.addAll(polledResults);
            }
        }
    }

    @Override
    public void close() {
        schedulers.forEach(SchedulerService::close);
        reading.set(false);
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}

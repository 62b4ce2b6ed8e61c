package dev.eventscheduler.executor;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.kafka.RunControlSerializer;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.TopicProvisioner;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import dev.eventscheduler.model.RunLogChunk;
import dev.eventscheduler.model.kafka.RunLogChunkDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One test's world on the shared broker: its own topics and group, a producer of task events, a
 * reader of everything on the results topic, and the executors it started, all closed by
 * {@link #close()}.
 */
final class ExecutorTestKit implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    final TestKafka kafka;
    final Topics topics;
    final String groupId;
    private final KafkaProducer<String, byte[]> producer;
    private final TaskEventSerializer serializer = new TaskEventSerializer();
    private final List<TaskResult> results = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final Thread reader;
    private final List<Executor> executors = new ArrayList<>();

    ExecutorTestKit(TestKafka kafka, int taskPartitions) {
        this.kafka = kafka;
        this.topics = new Topics(kafka.uniqueName("exec") + ".");
        this.groupId = kafka.uniqueName("executors");
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            new TopicProvisioner(admin).provision(new TopicPlan(topics, 3, taskPartitions, Optional.empty()));
        }
        Map<String, Object> producerConfig = kafka.clientConfig();
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // one request at a time: a fresh partition's first batch cannot be overtaken by a later one
        producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        this.reader = new Thread(this::readResults, "test-results-reader");
        reader.start();
    }

    /** An executor on this kit's topics and group, with settings quick enough for tests. */
    ExecutorBuilder executor() {
        return executor("classic");
    }

    /**
     * The same under Kafka's group protocol {@code groupProtocol}. Only the {@code classic} one takes
     * the quick session set here; under {@code consumer} the broker times sessions.
     */
    ExecutorBuilder executor(String groupProtocol) {
        ExecutorBuilder builder = Executor.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topics(topics)
                .groupId(groupId)
                .commitInterval(Duration.ofMillis(200))
                .shutdownTimeout(Duration.ofSeconds(10))
                .kafkaProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol);
        return groupProtocol.equals("consumer") ? builder : builder
                .kafkaProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000)
                .kafkaProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
    }

    /** Builds, starts and remembers an executor, so the kit closes it. */
    Executor start(ExecutorBuilder builder) {
        Executor executor = builder.build().start();
        executors.add(executor);
        return executor;
    }

    /** A one-off event of {@code taskType} under {@code key}. */
    static TaskEvent event(String eventId, String key, String taskType, JsonNode payload) {
        return TaskEvent.oneOff(taskType).eventId(eventId).taskKey(key).payload(payload).build();
    }

    /** {@code event} with its own retry policy. */
    static TaskEvent withRetry(TaskEvent event, RetryPolicy retry) {
        return TaskEvent.oneOff(event.taskType()).eventId(event.eventId()).taskKey(event.taskKey()).payload(event.payload())
                .retry(retry).build();
    }

    void send(TaskEvent event) {
        producer.send(record(event));
    }

    /** An event's record on the tasks topic, under its task key, with our headers. */
    private ProducerRecord<String, byte[]> record(TaskEvent event) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serializer.serialize(topics.tasks(), headers, event);
        return new ProducerRecord<>(topics.tasks(), null, event.taskKey(), value, headers);
    }

    void sendAll(Collection<TaskEvent> events) {
        events.forEach(this::send);
        producer.flush();
    }

    /** Writes {@code events} in one transaction of their own, then commits it or, if not {@code commit}, aborts it. */
    void sendInTransaction(Collection<TaskEvent> events, boolean commit) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueName("test-transactions"));
        try (KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            events.forEach(event -> transactional.send(record(event)));
            if (commit) {
                transactional.commitTransaction();
            } else {
                transactional.flush();
                transactional.abortTransaction();
            }
        }
    }

    /** Raw bytes onto the tasks topic, as a careless producer might write them. */
    void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topics.tasks(), key, value));
        producer.flush();
    }

    /** Asks run {@code eventId} to stop, on the control topic, and waits for Kafka to have it. */
    void stop(String eventId, RunControl.Action action, String reason) {
        RunControl control = new RunControl(eventId, action, Instant.now(), reason);
        sendControl(eventId, new RunControlSerializer().serialize(topics.control(), control));
    }

    /** Asks every run in {@code eventIds} to stop, sending all the requests before waiting for Kafka to have them. */
    void cancelAll(Collection<String> eventIds) {
        RunControlSerializer serializer = new RunControlSerializer();
        eventIds.forEach(id -> producer.send(new ProducerRecord<>(topics.control(), id,
                serializer.serialize(topics.control(), RunControl.cancel(id, Instant.now(), null)))));
        producer.flush();
    }

    /** Raw bytes onto the control topic under {@code key}, as any producer may write them. */
    void sendControl(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topics.control(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every result read so far, in the order read. */
    List<TaskResult> results() {
        return List.copyOf(results);
    }

    /** Waits until the results read so far satisfy {@code condition}. */
    List<TaskResult> awaitResults(Predicate<List<TaskResult>> condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> condition.test(results()));
        return results();
    }

    /** Waits until every id in {@code eventIds} has a result that ends its run. */
    List<TaskResult> awaitRunsEnded(Collection<String> eventIds) {
        return awaitResults(all -> Guarantees.endedRuns(all).keySet().containsAll(eventIds));
    }

    /** Waits until the executors' group has committed {@code partition} up to at least {@code offset}. */
    void awaitCommitted(TopicPartition partition, long offset) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                        .get().get(partition);
                return committed != null && committed.offset() >= offset;
            });
        }
    }

    /** Reads the dead-letter topic from the start until {@code count} records have arrived. */
    List<ConsumerRecord<String, byte[]>> deadLetters(int count) {
        return read(topics.deadLetters(), count);
    }

    /** How many records the dead-letter topic holds. */
    long deadLetterCount() {
        Map<String, Object> config = kafka.clientConfig();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.deadLetters()).stream()
                    .map(p -> new TopicPartition(topics.deadLetters(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Reads the logs topic from the start until a chunk of {@code eventId} that ends its attempt {@code attempt} has arrived. */
    List<RunLogChunk> runLog(String eventId, int attempt) {
        return runLog(eventId, chunks -> chunks.stream().anyMatch(c -> c.attempt() == attempt && c.last()));
    }

    /** Reads the logs topic from the start until {@code eventId}'s chunks so far satisfy {@code enough}; those chunks. */
    List<RunLogChunk> runLog(String eventId, java.util.function.Predicate<List<RunLogChunk>> enough) {
        RunLogChunkDeserializer deserializer = new RunLogChunkDeserializer();
        List<RunLogChunk> chunks = new ArrayList<>();
        consume(topics.logs(), record -> {
            if (eventId.equals(record.key())) {
                chunks.add(deserializer.deserialize(record.topic(), record.headers(), record.value()));
            }
        }, () -> enough.test(chunks));
        return chunks;
    }

    /** Reads the run-ends topic from the start until {@code count} records have arrived. */
    List<ConsumerRecord<String, byte[]>> runEnds(int count) {
        return read(topics.runEnds(), count);
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        consume(topic, record -> read.add(record), () -> read.size() >= count);
        return read;
    }

    /** The partition of the schedules topic that a schedule written under {@code scheduleId} lands in. */
    int schedulePartition(String scheduleId) {
        try {
            return producer.send(new ProducerRecord<>(topics.schedules(), scheduleId, null)).get().partition();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void readResults() {
        TaskResultDeserializer deserializer = new TaskResultDeserializer();
        consume(topics.results(), record -> results.add(deserializer.deserialize(record.topic(), record.headers(),
                record.value())), () -> !reading.get());
    }

    private void consume(String topic, Consumer<ConsumerRecord<String, byte[]>> sink, BooleanSupplier done) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(50)).forEach(sink);
            }
        }
    }

    @Override
    public void close() {
        executors.forEach(Executor::close);
        reading.set(false);
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}

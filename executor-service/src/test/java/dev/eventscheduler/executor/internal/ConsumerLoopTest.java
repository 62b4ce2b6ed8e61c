package dev.eventscheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.executor.ExecutorBuilder;
import dev.eventscheduler.executor.ExecutorSettings;
import dev.eventscheduler.executor.TaskContext;
import dev.eventscheduler.executor.TaskHandler;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop's rules, on Kafka's {@link MockConsumer} and {@link MockProducer}: what it
 * commits and when, what it holds back, and what a revocation or a stop does with running and
 * queued records. The broker-backed tests show the same end to end; these pin each rule down.
 */
class ConsumerLoopTest {

    private static final Topics TOPICS = new Topics("unit.");
    private static final TopicPartition TASKS_0 = new TopicPartition(TOPICS.tasks(), 0);
    private static final TopicPartition RETRY_0 = new TopicPartition(TOPICS.retry(), 0);

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final CountDownLatch gate = new CountDownLatch(1);
    private final ExecutorService handlerThreads = Executors.newCachedThreadPool();
    private final KeyOrderedDispatcher dispatcher = new KeyOrderedDispatcher(4, "unit");
    private ExecutorMetrics metrics;
    private ConsumerLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        gate.countDown();
        stopLoop();
        dispatcher.close();
        handlerThreads.shutdownNow();
    }

    @Test
    void commitsAPartitionOnlyUpToItsLowestUnfinishedRecord() {
        start(settings -> settings);
        assign(TASKS_0);
        add(TASKS_0, 0, event("done-0", "a", "noop"));
        add(TASKS_0, 1, event("held-1", "b", "gated"));
        add(TASKS_0, 2, event("done-2", "c", "noop"));

        await().atMost(Duration.ofSeconds(10)).until(() -> finalResults().containsAll(List.of("done-0", "done-2")));
        // records 0 and 2 are finished, 1 still runs: the commit stays at 1 however often it is made
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> consumer.committed(TASKS_0) == 1);

        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.committed(TASKS_0) == 3);
    }

    @Test
    void aRevokedPartitionsRunningTaskFinishesAndIsCommittedButItsQueuedRecordsAreLeftForTheNextOwner() {
        start(settings -> settings.maxInFlight(1));
        assign(TASKS_0);
        add(TASKS_0, 0, event("slow-0", "a", "gated"), event("queued-1", "b", "noop"));
        await().atMost(Duration.ofSeconds(10)).until(() -> startedResults().contains("slow-0"));

        consumer.schedulePollTask(() -> {
            gate.countDown(); // the task still runs for a while after this: the revocation has to wait for it
            consumer.rebalance(List.of());
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.committed(TASKS_0) == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> metrics.assignedPartitions.get() == 0);
        assertThat(finalResults()).as("the queued record is the next owner's").containsExactly("slow-0");
    }

    @Test
    void stoppingLetsRunningTasksFinishAndCommitsThem() throws InterruptedException {
        start(settings -> settings.commitInterval(Duration.ofHours(1)));
        assign(TASKS_0);
        add(TASKS_0, 0, event("slow-0", "a", "gated"));
        await().atMost(Duration.ofSeconds(10)).until(() -> startedResults().contains("slow-0"));

        gate.countDown();
        stopLoop();

        assertThat(finalResults()).containsExactly("slow-0");
        assertThat(consumer.committed(TASKS_0)).isEqualTo(1);
        assertThat(consumer.closed()).as("the loop's thread closes its consumer").isTrue();
    }

    @Test
    void offsetsAreCommittedOnceEachCommitIntervalAndNotAgainWhileNothingMoves() {
        start(settings -> settings.commitInterval(Duration.ofMillis(10)));
        assign(TASKS_0);
        add(TASKS_0, 0, event("done-0", "a", "noop"));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.committed(TASKS_0) == 1);

        // a hundred intervals with nothing new: no commit repeats what is committed
        int commits = consumer.commits.get();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> consumer.commits.get() == commits);
    }

    @Test
    void noCommitIsMadeBeforeTheCommitIntervalHasPassed() {
        start(settings -> settings.commitInterval(Duration.ofHours(1)));
        assign(TASKS_0);
        add(TASKS_0, 0, event("done-0", "a", "noop"));

        await().atMost(Duration.ofSeconds(10)).until(() -> finalResults().contains("done-0"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> consumer.commits.get() == 0);
    }

    @Test
    void atTheInFlightLimitTheLoopPausesItsPartitionsUntilATaskFinishes() {
        start(settings -> settings.maxInFlight(1));
        assign(TASKS_0);
        // both in one fetch: the second is read, but must wait
        add(TASKS_0, 0, event("held-0", "a", "gated"), event("waiting-1", "b", "noop"));

        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().contains(TASKS_0)
                && metrics.queued.get() == 1 && metrics.pausedPartitions.get() == 1);
        assertThat(finalResults()).as("nothing runs past the limit").isEmpty();

        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> finalResults().containsAll(List.of("held-0", "waiting-1"))
                && consumer.paused().isEmpty() && metrics.queued.get() == 0 && metrics.pausedPartitions.get() == 0);
    }

    @Test
    void aRetryIsHeldBackUntilItsNotBefore() {
        start(settings -> settings);
        assign(TASKS_0, RETRY_0);
        Instant notBefore = Instant.now().plusMillis(500);
        add(RETRY_0, 0, event("retried", "a", "noop").nextAttempt(notBefore));

        await().atMost(Duration.ofSeconds(10)).until(() -> finalResults().contains("retried"));
        assertThat(results()).filteredOn(r -> r.status() == TaskStatus.STARTED).singleElement()
                .satisfies(started -> assertThat(started.startedAt()).isAfterOrEqualTo(notBefore));
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndThePartitionMovesOn() {
        start(settings -> settings);
        assign(TASKS_0);
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(TASKS_0.topic(), 0, 0, "k",
                "not json".getBytes(StandardCharsets.UTF_8))));
        add(TASKS_0, 1, event("after-1", "k", "noop"));

        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.committed(TASKS_0) == 2);
        assertThat(producer.history()).filteredOn(sent -> sent.topic().equals(TOPICS.deadLetters())).hasSize(1);
        assertThat(finalResults()).containsExactly("after-1");
    }

    private void start(UnaryOperator<ExecutorBuilder> settingsForTheTest) {
        ExecutorSettings settings = settingsForTheTest.apply(Executor.builder().bootstrapServers("127.0.0.1:9")
                .topics(TOPICS).commitInterval(Duration.ofMillis(10)).revokeTimeout(Duration.ofSeconds(5))).build().settings();
        HandlerRegistry handlers = HandlerRegistry.of(List.of(), List.of(new Noop(), new Gated(gate)));
        metrics = new ExecutorMetrics(new SimpleMeterRegistry(), handlers.types());
        Publisher publisher = new Publisher(producer, TOPICS, 1_000_000);
        ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
        Cancellations cancellations = new Cancellations();
        cancellations.markLoaded();
        TaskRunner runner = new TaskRunner(settings, handlers, publisher, metrics, new HandlerCalls(handlerThreads),
                cancellations, new RunLogs(publisher, metrics, settings.executorId(), settings.clock()), completions::add);
        loop = new ConsumerLoop(consumer, settings, dispatcher, metrics, runner, cancellations, completions);
        thread = new Thread(loop, "unit-consumer-loop");
        thread.start();
    }

    private void stopLoop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(10_000);
            loop = null;
        }
    }

    /** The group assigns {@code partitions}, as a first rebalance does. */
    private void assign(TopicPartition... partitions) {
        Map<TopicPartition, Long> beginnings = new ConcurrentHashMap<>();
        for (TopicPartition partition : partitions) {
            beginnings.put(partition, 0L);
        }
        consumer.updateBeginningOffsets(beginnings);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(partitions)));
    }

    /** Records at {@code offset} on, returned by one poll. */
    private void add(TopicPartition partition, long offset, TaskEvent... events) {
        TaskEventSerializer serializer = new TaskEventSerializer();
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < events.length; i++) {
                byte[] value = serializer.serialize(partition.topic(), new RecordHeaders(), events[i]);
                consumer.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset + i,
                        events[i].taskKey(), value));
            }
        });
    }

    private static TaskEvent event(String eventId, String key, String taskType) {
        return TaskEvent.oneOff(taskType).eventId(eventId).taskKey(key).build();
    }

    private List<String> finalResults() {
        return results().stream().filter(r -> r.status() != TaskStatus.STARTED).map(TaskResult::eventId).toList();
    }

    private List<String> startedResults() {
        return results().stream().filter(r -> r.status() == TaskStatus.STARTED).map(TaskResult::eventId).toList();
    }

    private List<TaskResult> results() {
        TaskResultDeserializer deserializer = new TaskResultDeserializer();
        return producer.history().stream().filter(sent -> sent.topic().equals(TOPICS.results()))
                .map(sent -> deserializer.deserialize(sent.topic(), sent.headers(), sent.value())).toList();
    }

    /**
     * A MockConsumer that remembers every commit, also of partitions no longer assigned (its own
     * {@code committed} answers those with 0) or once closed, and counts them.
     */
    private static final class RecordingConsumer extends MockConsumer<String, byte[]> {
        final Map<TopicPartition, Long> offsets = new ConcurrentHashMap<>();
        final AtomicInteger commits = new AtomicInteger();

        RecordingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> committed, OffsetCommitCallback callback) {
            commits.incrementAndGet();
            committed.forEach((partition, offset) -> offsets.put(partition, offset.offset()));
            super.commitAsync(committed, callback);
        }

        long committed(TopicPartition partition) {
            return offsets.getOrDefault(partition, -1L);
        }
    }

    private static final class Noop implements TaskHandler {
        @Override
        public String taskType() {
            return "noop";
        }

        @Override
        public JsonNode handle(TaskContext context) {
            return null;
        }
    }

    /** Waits for the gate, then works a little longer: long enough for the loop to be caught waiting for it. */
    private record Gated(CountDownLatch gate) implements TaskHandler {
        @Override
        public String taskType() {
            return "gated";
        }

        @Override
        public JsonNode handle(TaskContext context) throws InterruptedException {
            gate.await(30, TimeUnit.SECONDS);
            Thread.sleep(300);
            return null;
        }
    }
}

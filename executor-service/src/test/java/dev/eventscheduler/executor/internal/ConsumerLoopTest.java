package dev.eventscheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.Executor;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop's offset guarantees, on Kafka's {@link MockConsumer} and {@link MockProducer}:
 * what it commits, and when, whatever order tasks finish in. The broker-backed tests show the same
 * end to end; these pin the loop's own rules down, quickly and one at a time.
 */
class ConsumerLoopTest {

    private static final Topics TOPICS = new Topics("unit.");
    private static final TopicPartition TASKS_0 = new TopicPartition(TOPICS.tasks(), 0);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final CountDownLatch gate = new CountDownLatch(1);
    private final ExecutorService handlerThreads = Executors.newCachedThreadPool();
    private final KeyOrderedDispatcher dispatcher = new KeyOrderedDispatcher(4, "unit");
    private ConsumerLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        gate.countDown();
        if (loop != null) {
            loop.stop();
            thread.join(10_000);
        }
        dispatcher.close();
        handlerThreads.shutdownNow();
    }

    @Test
    void commitsAPartitionOnlyUpToItsLowestUnfinishedRecord() {
        start();
        assign();
        add(0, event("done-0", "a", "noop"));
        add(1, event("held-1", "b", "gated"));
        add(2, event("done-2", "c", "noop"));

        await().atMost(Duration.ofSeconds(10)).until(() -> finalResults().containsAll(List.of("done-0", "done-2")));
        // records 0 and 2 are finished, 1 still runs: the commit stays at 1 however often it is made
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> committed() == 1);

        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 3);
    }

    @Test
    void aRevokedPartitionsRunningTaskFinishesAndIsCommittedBeforeThePartitionIsGivenUp() {
        start();
        assign();
        add(0, event("slow-0", "a", "gated"));
        await().atMost(Duration.ofSeconds(10)).until(() -> startedResults().contains("slow-0"));

        consumer.schedulePollTask(() -> {
            gate.countDown(); // the task still runs for a while after this: the revocation has to wait for it
            consumer.rebalance(List.of());
        });
        // given back, as to the next owner (MockConsumer shows commits of assigned partitions only)
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(TASKS_0)));

        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 1);
        assertThat(finalResults()).containsExactly("slow-0");
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndThePartitionMovesOn() {
        start();
        assign();
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(TASKS_0.topic(), 0, 0, "k",
                "not json".getBytes(StandardCharsets.UTF_8))));
        add(1, event("after-1", "k", "noop"));

        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 2);
        assertThat(producer.history()).filteredOn(sent -> sent.topic().equals(TOPICS.deadLetters())).hasSize(1);
        assertThat(finalResults()).containsExactly("after-1");
    }

    private void start() {
        ExecutorSettings settings = Executor.builder().bootstrapServers("127.0.0.1:9").topics(TOPICS)
                .commitInterval(Duration.ofMillis(10)).revokeTimeout(Duration.ofSeconds(5)).build().settings();
        HandlerRegistry handlers = HandlerRegistry.of(List.of(), List.of(new Noop(), new Gated(gate)));
        ExecutorMetrics metrics = new ExecutorMetrics(new SimpleMeterRegistry(), handlers.types());
        Publisher publisher = new Publisher(producer, TOPICS, 1_000_000);
        ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
        TaskRunner runner = new TaskRunner(settings, handlers, publisher, metrics, handlerThreads, completions::add);
        loop = new ConsumerLoop(consumer, settings, dispatcher, metrics, runner, completions);
        thread = new Thread(loop, "unit-consumer-loop");
        thread.start();
    }

    /** The group assigns the tasks topic's partition 0, as a first rebalance does. */
    private void assign() {
        consumer.updateBeginningOffsets(Map.of(TASKS_0, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(TASKS_0)));
    }

    private void add(long offset, TaskEvent event) {
        byte[] value = new TaskEventSerializer().serialize(TASKS_0.topic(), new RecordHeaders(), event);
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(TASKS_0.topic(), 0, offset,
                event.taskKey(), value)));
    }

    private static TaskEvent event(String eventId, String key, String taskType) {
        return TaskEvent.oneOff(taskType).eventId(eventId).taskKey(key).build();
    }

    private long committed() {
        OffsetAndMetadata committed = consumer.committed(Set.of(TASKS_0)).get(TASKS_0);
        return committed == null ? -1 : committed.offset();
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

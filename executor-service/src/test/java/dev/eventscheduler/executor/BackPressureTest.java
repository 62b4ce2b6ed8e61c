package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

@KafkaTest
class BackPressureTest {

    /**
     * At its in-flight limit the executor pauses its partitions, so what it has read and not finished
     * stays bounded however large the backlog: the limit, plus what one poll returned past it.
     */
    @Test
    void holdsTasksInFlightAtTheLimitAndReadsNoFurtherUntilTheyFinish(TestKafka kafka) {
        try (ExecutorTestKit kit = new ExecutorTestKit(kafka, 3)) {
            int maxInFlight = 10;
            int maxPollRecords = 5;
            Executor executor = kit.start(kit.executor().concurrency(4).maxInFlight(maxInFlight)
                    .kafkaProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords));
            List<TaskEvent> events = IntStream.range(0, 300).mapToObj(i -> ExecutorTestKit.event("bp-" + i, "key-" + i,
                    "sleep", EventJson.mapper().createObjectNode().put("durationMs", 10))).toList();
            AtomicInteger mostInFlight = new AtomicInteger();
            AtomicInteger mostHeld = new AtomicInteger();
            AtomicInteger mostPaused = new AtomicInteger();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                JsonNode health = executor.health();
                mostInFlight.accumulateAndGet(health.path("inFlight").asInt(), Math::max);
                mostHeld.accumulateAndGet(health.path("inFlight").asInt() + health.path("queued").asInt(), Math::max);
                mostPaused.accumulateAndGet(health.path("pausedPartitions").asInt(), Math::max);
            }, 0, 2, TimeUnit.MILLISECONDS);
            try {
                kit.sendAll(events);
                await().atMost(ExecutorTestKit.WAIT).until(() -> mostInFlight.get() == maxInFlight);
                Guarantees.everyRunEnded(kit.awaitRunsEnded(events.stream().map(TaskEvent::eventId).toList()),
                        events.stream().map(TaskEvent::eventId).toList(), TaskStatus.SUCCEEDED);
            } finally {
                sampler.shutdownNow();
            }

            assertThat(mostInFlight.get()).as("most tasks in flight").isEqualTo(maxInFlight);
            assertThat(mostPaused.get()).as("most partitions paused").isPositive();
            // the two gauges are read a moment apart, so a sample may count a poll's records twice; without the
            // pause the executor reads on while its tasks run, and holds most of the 300
            assertThat(mostHeld.get()).as("most records read and not finished").isLessThanOrEqualTo(maxInFlight + 2 * maxPollRecords);
            await().atMost(Duration.ofSeconds(10)).until(() -> executor.inFlight() == 0);
        }
    }
}

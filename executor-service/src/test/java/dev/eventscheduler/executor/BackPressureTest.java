package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;

@KafkaTest
class BackPressureTest {

    @Test
    void holdsTasksInFlightAtTheLimitAndPausesItsPartitions(TestKafka kafka) {
        try (ExecutorTestKit kit = new ExecutorTestKit(kafka, 3)) {
            Executor executor = kit.start(kit.executor().concurrency(4).maxInFlight(10));
            List<TaskEvent> events = IntStream.range(0, 300).mapToObj(i -> ExecutorTestKit.event("bp-" + i, "key-" + i,
                    "sleep", EventJson.mapper().createObjectNode().put("durationMs", 10))).toList();
            AtomicInteger mostInFlight = new AtomicInteger();
            AtomicInteger mostPaused = new AtomicInteger();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                mostInFlight.accumulateAndGet(executor.inFlight(), Math::max);
                mostPaused.accumulateAndGet(executor.health().path("pausedPartitions").asInt(), Math::max);
            }, 0, 2, TimeUnit.MILLISECONDS);
            try {
                kit.sendAll(events);
                await().atMost(ExecutorTestKit.WAIT).until(() -> mostInFlight.get() == 10);
                Guarantees.everyRunEnded(kit.awaitRunsEnded(events.stream().map(TaskEvent::eventId).toList()),
                        events.stream().map(TaskEvent::eventId).toList(), TaskStatus.SUCCEEDED);
            } finally {
                sampler.shutdownNow();
            }

            assertThat(mostInFlight.get()).as("most tasks in flight").isEqualTo(10);
            assertThat(mostPaused.get()).as("most partitions paused").isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() -> executor.inFlight() == 0);
        }
    }
}

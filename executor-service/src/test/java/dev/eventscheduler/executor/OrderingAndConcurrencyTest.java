package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@KafkaTest
class OrderingAndConcurrencyTest {

    @Test
    void runsEveryEventOnceInOrderPerKeyAndManyKeysAtOnce(TestKafka kafka) {
        try (ExecutorTestKit kit = new ExecutorTestKit(kafka, 3)) {
            RecordingHandler handler = new RecordingHandler(5);
            kit.start(kit.executor().concurrency(32).handler(handler));
            List<TaskEvent> events = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String key = "key-" + (i % 100);
                events.add(ExecutorTestKit.event("e-" + i, key, RecordingHandler.TYPE,
                        EventJson.mapper().createObjectNode().put("seq", i)));
            }

            kit.sendAll(events);
            List<TaskResult> results = kit.awaitRunsEnded(events.stream().map(TaskEvent::eventId).toList());

            Guarantees.everyRunEnded(results, events.stream().map(TaskEvent::eventId).toList(), TaskStatus.SUCCEEDED);
            Guarantees.oneFinalResultPerAttempt(results);
            Guarantees.inOrderPerKey(handler.sequenceByKey());
            assertThat(handler.sequenceByKey()).hasSize(100);
            assertThat(handler.mostAtOnce()).as("tasks running at the same moment, on 3 partitions").isGreaterThanOrEqualTo(16);
            assertThat(results).filteredOn(r -> r.status() == TaskStatus.STARTED).hasSizeGreaterThanOrEqualTo(2_000);
        }
    }
}

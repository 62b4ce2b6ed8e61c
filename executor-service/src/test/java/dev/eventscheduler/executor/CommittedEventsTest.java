package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Executors read {@code read_committed}: the fires of a scheduler transaction that was aborted (a
 * fenced instance, a failed commit) are in the log, and must never run.
 */
@KafkaTest
class CommittedEventsTest {

    @Test
    void runsNoEventOfAnAbortedTransaction(TestKafka kafka) {
        try (ExecutorTestKit kit = new ExecutorTestKit(kafka, 1)) {
            kit.start(kit.executor());
            kit.sendInTransaction(List.of(ExecutorTestKit.event("aborted-1", "k", "noop", null),
                    ExecutorTestKit.event("aborted-2", "k", "noop", null)), false);
            kit.sendInTransaction(List.of(ExecutorTestKit.event("committed-1", "k", "noop", null)), true);

            // one key, one partition, run in offset order: once the committed event has ended, the aborted ones were passed
            List<TaskResult> results = kit.awaitRunsEnded(List.of("committed-1"));

            assertThat(results).extracting(TaskResult::eventId).doesNotContain("aborted-1", "aborted-2");
        }
    }
}

package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Executors are a consumer group: the work spreads over the members and survives a crashed one. */
@KafkaTest
class GroupMembershipTest {

    /** The crashed one is a process of its own, ended by {@code kill -9}: no production code pretends to die. */
    @Test
    void anotherInstanceFinishesTheWorkOfOneThatCrashed(TestKafka kafka) {
        try (ExecutorTestKit kit = new ExecutorTestKit(kafka, 6);
             ExecutorProcess doomed = ExecutorProcess.start(kit, "doomed", 16)) {
            List<TaskEvent> events = sleepers(1_000, 20);
            Executor survivor = kit.start(kit.executor().executorId("survivor").concurrency(16));
            // the process has joined once the survivor gave up half of the 12 partitions
            kit.awaitResults(ignored -> survivor.assignedPartitions() == 6);
            kit.sendAll(events);

            kit.awaitResults(results -> executorsThatFinished(results).contains("doomed")
                    && Guarantees.endedRuns(results).size() >= 150);
            doomed.kill();
            List<TaskResult> results = kit.awaitRunsEnded(ids(events));

            Guarantees.everyRunEnded(results, ids(events), TaskStatus.SUCCEEDED);
            assertThat(executorsThatFinished(results)).as("the crashed process ran some, the survivor the rest")
                    .contains("doomed", "survivor");
        }
    }

    /** Under either of Kafka's group protocols: {@code consumer} (KIP-848) is set through the pass-through. */
    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void twoInstancesShareThePartitionsAndBothRunTasks(String groupProtocol, TestKafka kafka) {
        try (ExecutorTestKit kit = new ExecutorTestKit(kafka, 6)) {
            Executor first = kit.start(kit.executor(groupProtocol).executorId("first").concurrency(8));
            Executor second = kit.start(kit.executor(groupProtocol).executorId("second").concurrency(8));
            kit.awaitResults(ignored -> first.assignedPartitions() > 0 && second.assignedPartitions() > 0
                    && first.assignedPartitions() + second.assignedPartitions() == 12);

            List<TaskEvent> events = sleepers(300, 5);
            kit.sendAll(events);
            List<TaskResult> results = kit.awaitRunsEnded(ids(events));

            Guarantees.everyRunEnded(results, ids(events), TaskStatus.SUCCEEDED);
            assertThat(executorsThatFinished(results)).containsExactlyInAnyOrder("first", "second");
        }
    }

    /** {@code count} sleep tasks of {@code millis} each over 50 keys. */
    private static List<TaskEvent> sleepers(int count, int millis) {
        return IntStream.range(0, count).mapToObj(i -> ExecutorTestKit.event("sleep-" + i, "key-" + (i % 50), "sleep",
                EventJson.mapper().createObjectNode().put("durationMs", millis))).toList();
    }

    private static List<String> ids(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::eventId).toList();
    }

    private static Set<String> executorsThatFinished(List<TaskResult> results) {
        return results.stream().filter(r -> r.status() == TaskStatus.SUCCEEDED).map(TaskResult::executorId)
                .collect(Collectors.toSet());
    }
}

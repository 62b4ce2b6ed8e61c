package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handler's output that can never reach the results topic (too large, or not JSON at all) ends its
 * attempt {@code FAILED}, naming why, instead of holding its partition's commits back for good.
 */
@KafkaTest
class UnpublishableOutputTest {

    /** 1.1 MiB of text: more than a request may hold. */
    private static final int HUGE_CHARS = 1_100 * 1024;

    private final ExecutorTestKit kit;

    UnpublishableOutputTest(TestKafka kafka) {
        this.kit = new ExecutorTestKit(kafka, 1);
    }

    @BeforeEach
    void startExecutor() {
        kit.start(kit.executor().handler(new ReturningHandler()));
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void failsAnAttemptWhoseOutputIsOverTheLimitAndCommitsPastIt() {
        kit.send(ExecutorTestKit.event("huge-1", "k", ReturningHandler.TYPE, ReturningHandler.text(HUGE_CHARS)));
        kit.send(ExecutorTestKit.event("after-huge", "k", "noop", null));

        Map<String, TaskResult> ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("huge-1", "after-huge")));

        assertThat(ended.get("huge-1").status()).isEqualTo(TaskStatus.FAILED);
        assertThat(ended.get("huge-1").error().type()).isEqualTo("UNPUBLISHABLE_OUTPUT");
        assertThat(ended.get("huge-1").error().message()).contains("over the limit of 983040 bytes");
        assertThat(ended.get("after-huge").status()).isEqualTo(TaskStatus.SUCCEEDED);
        kit.awaitCommitted(new TopicPartition(kit.topics.tasks(), 0), 2);
    }

    @Test
    void failsAnAttemptWhoseOutputCannotBeWrittenAsJson() {
        kit.send(ExecutorTestKit.event("opaque-1", "k", ReturningHandler.TYPE, ReturningHandler.opaque()));

        TaskResult ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("opaque-1"))).get("opaque-1");

        assertThat(ended.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(ended.error().type()).isEqualTo("UNPUBLISHABLE_OUTPUT");
        assertThat(ended.error().message()).contains("cannot be written as JSON");
    }
}

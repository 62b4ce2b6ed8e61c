package dev.eventscheduler.executor;

import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handlers that declare {@link TaskHandler#runsInline()} run without a hand-off, on the consumer thread or
 * behind their key on its worker, with the same order and endings as any other; one caught blocking is
 * handed off from then on.
 */
@KafkaTest
class InlineHandlerTest {

    private final ExecutorTestKit kit;
    /** What both handlers did, in the order they did it. */
    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    private final ThreadRecordingHandler inline = new ThreadRecordingHandler("inline-spin", true, steps);
    private final ThreadRecordingHandler handedOff = new ThreadRecordingHandler("handed-off", false, steps);

    InlineHandlerTest(TestKafka kafka) {
        this.kit = new ExecutorTestKit(kafka, 2);
    }

    @BeforeEach
    void startExecutor() {
        kit.start(kit.executor().concurrency(4).handler(inline).handler(handedOff));
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void runsAnInlineHandlerOnTheConsumerThreadAndAnyOtherOnAHandlerThread() {
        kit.send(ExecutorTestKit.event("inline-1", "a", inline.taskType(), spin(0)));
        kit.send(ExecutorTestKit.event("handed-off-1", "b", handedOff.taskType(), spin(0)));

        Map<String, TaskResult> ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("inline-1", "handed-off-1")));

        assertThat(ended.values()).extracting(TaskResult::status).containsOnly(TaskStatus.SUCCEEDED);
        assertThat(inline.threads.get("inline-1")).isEqualTo("executor-consumer");
        assertThat(handedOff.threads.get("handed-off-1")).startsWith("executor-handler-");
    }

    @Test
    void runsAnInlineHandlerAfterTheTaskOfItsKeyThatIsStillRunning() {
        kit.send(ExecutorTestKit.event("handed-off-1", "a", handedOff.taskType(), spin(500)));
        kit.send(ExecutorTestKit.event("inline-2", "a", inline.taskType(), spin(0)));

        Map<String, TaskResult> ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("handed-off-1", "inline-2")));

        assertThat(ended.values()).extracting(TaskResult::status).containsOnly(TaskStatus.SUCCEEDED);
        assertThat(steps).containsExactly("start handed-off-1", "end handed-off-1", "start inline-2", "end inline-2");
        assertThat(inline.threads.get("inline-2")).startsWith("executor-worker-");
    }

    @Test
    void endsAnInlineAttemptThatRanPastItsTimeLimitTimedOutWithoutInterruptingIt() {
        TaskEvent spinning = ExecutorTestKit.event("inline-slow", "a", inline.taskType(), spin(400));
        kit.send(TaskEvent.oneOff(inline.taskType()).eventId(spinning.eventId()).taskKey("a").payload(spinning.payload())
                .timeout(Duration.ofMillis(100)).build());

        TaskResult ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("inline-slow"))).get("inline-slow");

        assertThat(ended.status()).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(ended.error().message()).contains("time limit of 100 ms").doesNotContain("interrupted");
    }

    @Test
    void runsAHandlerCaughtBlockingInlineOnHandlerThreadsFromThenOn() {
        long blockedMs = TaskHandler.INLINE_LIMIT.toMillis() + 200;
        kit.send(ExecutorTestKit.event("blocks-1", "a", inline.taskType(), sleep(blockedMs)));
        kit.awaitRunsEnded(List.of("blocks-1"));

        kit.send(ExecutorTestKit.event("blocks-2", "b", inline.taskType(), sleep(blockedMs)));
        kit.send(ExecutorTestKit.event("quick-3", "c", inline.taskType(), sleep(0)));
        Map<String, TaskResult> ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("blocks-2", "quick-3")));

        assertThat(inline.threads.get("blocks-1")).isEqualTo("executor-consumer");
        assertThat(inline.threads.get("blocks-2")).startsWith("executor-handler-");
        assertThat(inline.threads.get("quick-3")).startsWith("executor-handler-");
        assertThat(ended.get("quick-3").finishedAt())
                .as("a task of another key ends while the blocking one still runs")
                .isBefore(ended.get("blocks-2").finishedAt());
        assertThat(ended.values()).extracting(TaskResult::status).containsOnly(TaskStatus.SUCCEEDED);
    }

    private static JsonNode sleep(long millis) {
        return EventJson.mapper().createObjectNode().put("sleepMs", millis);
    }

    private static JsonNode spin(long millis) {
        return EventJson.mapper().createObjectNode().put("spinMs", millis);
    }

    /** Records the thread each event ran on; spins for the payload's {@code spinMs}, or sleeps for its {@code sleepMs}. */
    static final class ThreadRecordingHandler implements TaskHandler {
        final Map<String, String> threads = new ConcurrentHashMap<>();
        private final String type;
        private final boolean inline;
        private final List<String> steps;

        ThreadRecordingHandler(String type, boolean inline, List<String> steps) {
            this.type = type;
            this.inline = inline;
            this.steps = steps;
        }

        @Override
        public String taskType() {
            return type;
        }

        @Override
        public JsonNode handle(TaskContext context) throws InterruptedException {
            threads.put(context.eventId(), Thread.currentThread().getName());
            steps.add("start " + context.eventId());
            if (context.payload().has("sleepMs")) {
                // breaks runsInline's promise, as a handler doing I/O would
                Thread.sleep(context.payload().get("sleepMs").asLong());
                return null;
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(context.payload().get("spinMs").asLong());
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            steps.add("end " + context.eventId());
            return null;
        }

        @Override
        public boolean runsInline() {
            return inline;
        }
    }
}

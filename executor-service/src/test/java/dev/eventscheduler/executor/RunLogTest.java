package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.RunLogChunk;
import dev.eventscheduler.model.RunLogChunk.Line;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each attempt's log reaches the logs topic keyed by its event id: what the handler writes through
 * {@code TaskContext.log()} and what it logs through SLF4J on its task's thread, while it runs
 * and when it ends, within an attempt's bounds.
 */
@KafkaTest
class RunLogTest {

    private final ExecutorTestKit kit;
    private final Talkative talkative = new Talkative(false);
    private final Talkative inline = new Talkative(true);

    RunLogTest(TestKafka kafka) {
        kit = new ExecutorTestKit(kafka, 1);
        kit.start(kit.executor().handler(talkative).handler(inline)
                .defaultRetry(new RetryPolicy(2, 10L, 1.0, 10L)));
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void anAttemptsLogHoldsWhatItsHandlerWroteThroughItsContextAndSlf4jInOrder() {
        List<Line> lines = talk("log-1", Talkative.TYPE);

        assertThat(lines).extracting(Line::level).containsExactly("INFO", "WARN", "ERROR");
        assertThat(lines).extracting(Line::logger).containsExactly(Line.TASK_LOGGER, Talkative.class.getName(),
                Line.TASK_LOGGER);
    }

    @Test
    void anInlineHandlersSlf4jLinesAreItsOwnAndNoOtherThreadsAre() {
        talk("log-inline", Talkative.INLINE_TYPE);

        assertThat(inline.loggedElsewhere.getCount()).isZero(); // the other thread's line was logged, and is not here
    }

    @Test
    void eachAttemptHasItsOwnLog() {
        ObjectNode payload = EventJson.mapper().createObjectNode().put("failFirst", true);
        kit.send(ExecutorTestKit.event("log-retried", "k", Talkative.TYPE, payload));

        List<RunLogChunk> chunks = kit.runLog("log-retried", 2);

        assertThat(chunks).filteredOn(c -> c.attempt() == 1 && c.last()).hasSize(1);
        assertThat(lines(chunks.stream().filter(c -> c.attempt() == 2).toList())).extracting(Line::message)
                .startsWith("step 1 of event log-retried");
        assertThat(kit.awaitRunsEnded(List.of("log-retried"))).anyMatch(r -> r.status() == TaskStatus.SUCCEEDED);
    }

    @Test
    void aRunningAttemptsLinesArePublishedBeforeItEnds() throws InterruptedException {
        ObjectNode payload = EventJson.mapper().createObjectNode().put("waitForRelease", true);
        kit.send(ExecutorTestKit.event("log-live", "k", Talkative.TYPE, payload));

        List<RunLogChunk> whileRunning = kit.runLog("log-live", chunks -> !lines(chunks).isEmpty());
        assertThat(talkative.released.getCount()).isEqualTo(1); // still waiting
        assertThat(whileRunning).noneMatch(RunLogChunk::last);
        assertThat(lines(whileRunning)).extracting(Line::message).contains("step 1 of event log-live");
        talkative.released.countDown();

        List<RunLogChunk> all = kit.runLog("log-live", 1);
        assertThat(all).extracting(RunLogChunk::sequence).containsExactly(
                all.stream().map(RunLogChunk::sequence).sorted().toArray(Integer[]::new));
        assertThat(lines(all)).extracting(Line::message).endsWith("step 3 failed: java.lang.IllegalStateException: disk full");
    }

    @Test
    void anAttemptKeepsAThousandLinesCountsTheRestAndCutsALongLine() {
        ObjectNode payload = EventJson.mapper().createObjectNode().put("extraLines", 1_500).put("longLine", 100_000);
        kit.send(ExecutorTestKit.event("log-flood", "k", Talkative.TYPE, payload));

        List<RunLogChunk> chunks = kit.runLog("log-flood", 1);
        List<Line> lines = lines(chunks);

        assertThat(lines).hasSizeLessThanOrEqualTo(RunLogChunk.MAX_LINES);
        assertThat(lines.stream().mapToInt(Line::size).sum()).isLessThanOrEqualTo(RunLogChunk.MAX_BYTES);
        assertThat(lines.get(0).message()).hasSize(RunLogChunk.MAX_LINE_CHARS + RunLogChunk.CUT_MARK.length())
                .endsWith(RunLogChunk.CUT_MARK);
        RunLogChunk last = chunks.stream().filter(RunLogChunk::last).findFirst().orElseThrow();
        assertThat(lines.size() + last.droppedLines()).isEqualTo(1 + 1_500 + 3);
    }

    /** Runs a {@link Talkative} task of {@code type} and checks its three lines came, in order; returns them. */
    private List<Line> talk(String eventId, String type) {
        kit.send(ExecutorTestKit.event(eventId, "k", type, EventJson.mapper().createObjectNode()));
        List<Line> lines = lines(kit.runLog(eventId, 1));
        assertThat(lines).extracting(Line::message).containsExactly("step 1 of event " + eventId, "through slf4j 2",
                "step 3 failed: java.lang.IllegalStateException: disk full");
        return lines;
    }

    private static List<Line> lines(List<RunLogChunk> chunks) {
        return chunks.stream().flatMap(c -> c.lines().stream()).toList();
    }

    /** Logs three lines (one through SLF4J), plus what the payload asks: a long line first, more lines, a wait. */
    static final class Talkative implements TaskHandler {
        static final String TYPE = "talkative";
        static final String INLINE_TYPE = "talkative-inline";
        private static final Logger log = LoggerFactory.getLogger(Talkative.class);

        private final boolean inline;
        final CountDownLatch released = new CountDownLatch(1);
        final CountDownLatch loggedElsewhere = new CountDownLatch(1);

        Talkative(boolean inline) {
            this.inline = inline;
        }

        @Override
        public String taskType() {
            return inline ? INLINE_TYPE : TYPE;
        }

        @Override
        public boolean runsInline() {
            return inline;
        }

        @Override
        public JsonNode handle(TaskContext context) throws Exception {
            JsonNode payload = context.payload();
            if (payload.path("longLine").asInt() > 0) {
                context.log().info("x".repeat(payload.path("longLine").asInt()));
            }
            context.log().info("step {} of event {}", 1, context.eventId());
            Thread elsewhere = new Thread(() -> {
                log.info("not the task's thread");
                loggedElsewhere.countDown();
            });
            elsewhere.start();
            elsewhere.join();
            log.warn("through slf4j {}", 2);
            for (int i = 0; i < payload.path("extraLines").asInt(); i++) {
                context.log().debug("line {}", i);
            }
            if (payload.path("waitForRelease").asBoolean()) {
                released.await(60, TimeUnit.SECONDS);
            }
            context.log().error("step 3 failed", new IllegalStateException("disk full"));
            if (payload.path("failFirst").asBoolean() && context.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return null;
        }
    }
}

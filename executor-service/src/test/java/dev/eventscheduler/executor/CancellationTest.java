package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.RetryAndDeadLetterTest.FlakyHandler;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.RunControl.Action;
import dev.eventscheduler.model.RunEnd;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.RunEndDeserializer;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request on the control topic stops a run wherever its task is: queued, running (told, and
 * interrupted on a handler thread), waiting for a retry, not yet read, or held by an executor that
 * starts after the request. It ends {@code CANCELLED} with no retry and no dead letter; a run that
 * ended first keeps its end.
 */
@KafkaTest
class CancellationTest {

    private static final Duration QUICKLY = Duration.ofSeconds(10);

    private final ExecutorTestKit kit;
    private final StoppableHandler stoppable = new StoppableHandler();
    private final StoppableHandler.Inline inline = new StoppableHandler.Inline();
    private final FlakyHandler flaky = new FlakyHandler();

    CancellationTest(TestKafka kafka) {
        this.kit = new ExecutorTestKit(kafka, 2);
    }

    @AfterEach
    void stop() {
        stoppable.release();
        kit.close();
    }

    private void startExecutor() {
        kit.start(kit.executor().concurrency(4).handler(stoppable).handler(inline).handler(flaky)
                .defaultRetry(RetryPolicy.NONE));
    }

    @Test
    void aQueuedTaskThatIsCancelledNeverStarts() {
        startExecutor();
        kit.send(stoppable("blocker", "k", 3_000, false));
        kit.send(stoppable("queued", "k", 0, false));
        awaitCalled("blocker");

        kit.stop("queued", Action.CANCEL, "not needed any more");

        TaskResult queued = ended("queued");
        assertThat(queued.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(queued.error().type()).isEqualTo("CANCELLED");
        assertThat(queued.error().message()).contains("before it started").contains("not needed any more");
        assertThat(queued.startedAt()).as("it never started").isNull();
        assertThat(stoppable.called).doesNotContain("queued");
        assertThat(ended("blocker").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(kit.results()).filteredOn(r -> r.eventId().equals("queued")).hasSize(1);
    }

    @Test
    void aRunningHandlerIsToldAndInterruptedAndTheRunEndsCancelledWithoutRetryOrDeadLetter() {
        startExecutor();
        kit.send(ExecutorTestKit.withRetry(stoppable("running", "k", 60_000, false), new RetryPolicy(3, 100, 1.0, 100)));
        awaitCalled("running");

        Instant asked = Instant.now();
        kit.stop("running", Action.CANCEL, "operator");

        TaskResult run = ended("running");
        assertThat(run.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(run.attempt()).as("no retry").isEqualTo(1);
        assertThat(run.error().message()).contains("while it ran").contains("operator");
        assertThat(Duration.between(asked, run.finishedAt())).isLessThan(QUICKLY);
        assertThat(stoppable.toldToStop).contains("running");
        assertThat(stoppable.interrupted).contains("running");
        assertThat(kit.results()).filteredOn(r -> r.eventId().equals("running"))
                .extracting(TaskResult::status).containsExactly(TaskStatus.STARTED, TaskStatus.CANCELLED);
        assertThat(kit.deadLetterCount()).as("dead letters").isZero();
    }

    @Test
    void anInlineHandlerSeesOnlyTheFlagAndItsRunEndsCancelledThoughItReturns() {
        startExecutor();
        kit.send(TaskEvent.oneOff(StoppableHandler.Inline.TYPE).eventId("inline").taskKey("k").build());
        await(() -> kit.results().stream().anyMatch(r -> r.eventId().equals("inline") && r.status() == TaskStatus.STARTED));

        kit.stop("inline", Action.CANCEL, null);

        assertThat(ended("inline").status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(inline.sawTheFlag).contains("inline");
    }

    @Test
    void aRunWaitingForItsNextAttemptIsCancelledWithoutWaitingForTheBackOff() {
        startExecutor();
        kit.send(ExecutorTestKit.withRetry(flaky("retrying", 99), new RetryPolicy(3, 120_000, 1.0, 120_000)));
        await(() -> kit.results().stream().anyMatch(r -> r.eventId().equals("retrying")
                && r.status() == TaskStatus.RETRY_SCHEDULED));

        Instant asked = Instant.now();
        kit.stop("retrying", Action.CANCEL, null);

        TaskResult run = ended("retrying");
        assertThat(run.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(run.attempt()).isEqualTo(2);
        assertThat(run.startedAt()).as("attempt 2 never started").isNull();
        assertThat(Duration.between(asked, run.finishedAt())).as("well before the 2 min back-off").isLessThan(QUICKLY);
        assertThat(flaky.calls).hasValue(1);
        assertThat(kit.deadLetterCount()).as("dead letters").isZero();
    }

    @Test
    void aCancelThatArrivesBeforeItsEventStopsTheRunWhenTheEventComes() {
        startExecutor();
        kit.stop("early", Action.CANCEL, "changed my mind");
        kit.send(stoppable("early", "k", 0, false));

        assertThat(ended("early").status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(stoppable.called).doesNotContain("early");
    }

    @Test
    void anExecutorThatStartsAfterTheCancelsReadsThemBeforeItRunsAnyTask() {
        // behind a long backlog of other requests, as on a busy cluster: reading them takes longer than joining the group
        kit.cancelAll(IntStream.range(0, 60_000).mapToObj(i -> "someone-elses-" + i).toList());
        List<String> cancelled = IntStream.range(0, 20).mapToObj(i -> "taken-over-" + i).toList();
        kit.cancelAll(cancelled);
        cancelled.forEach(id -> kit.send(stoppable(id, id, 0, false)));
        kit.send(stoppable("not-cancelled", "k", 0, false));

        startExecutor();

        Guarantees.everyRunEnded(kit.awaitRunsEnded(cancelled), cancelled, TaskStatus.CANCELLED);
        assertThat(ended("not-cancelled").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(stoppable.called).containsExactly("not-cancelled");
    }

    @Test
    void aRunThatEndedBeforeTheCancelKeepsItsEnd() {
        startExecutor();
        kit.send(stoppable("done", "k", 0, false));
        assertThat(ended("done").status()).isEqualTo(TaskStatus.SUCCEEDED);

        kit.stop("done", Action.CANCEL, null);
        kit.stop("marker", Action.CANCEL, null);
        kit.send(stoppable("marker", "k", 0, false));

        assertThat(ended("marker").status()).as("the cancels were read").isEqualTo(TaskStatus.CANCELLED);
        assertThat(kit.results()).filteredOn(r -> r.eventId().equals("done") && r.status().endsRun())
                .extracting(TaskResult::status).containsExactly(TaskStatus.SUCCEEDED);
    }

    @Test
    void aCancelRacingTheEndOfItsRunLeavesExactlyOneEndEitherWay() {
        startExecutor();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "race-" + i;
            ids.add(id);
            kit.send(stoppable(id, id, i % 20, false));
            kit.stop(id, Action.CANCEL, null);
        }

        List<TaskResult> results = kit.awaitRunsEnded(ids);

        Map<String, TaskResult> ends = Guarantees.endedRuns(results);
        assertThat(ids).allSatisfy(id -> assertThat(ends.get(id).status()).as(id)
                .isIn(TaskStatus.SUCCEEDED, TaskStatus.CANCELLED));
        Guarantees.oneFinalResultPerAttempt(results);
        assertThat(results).filteredOn(r -> ids.contains(r.eventId()) && r.status().endsRun()).hasSize(ids.size());
    }

    @Test
    void aTerminateEndsTheRunAtOnceThoughItsHandlerIgnoresInterrupts() {
        startExecutor();
        kit.send(stoppable("stubborn", "k", 60_000, true));
        awaitCalled("stubborn");

        Instant asked = Instant.now();
        kit.stop("stubborn", Action.TERMINATE, "deploy");

        TaskResult run = ended("stubborn");
        assertThat(run.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(run.error().type()).isEqualTo("TERMINATED");
        assertThat(Duration.between(asked, run.finishedAt())).isLessThan(QUICKLY);
        assertThat(stoppable.interrupted).contains("stubborn");
    }

    @Test
    void controlRecordsThatBreakTheContractAreIgnoredAndLaterOnesStillApply() {
        startExecutor();
        kit.sendControl("garbage", "{not json".getBytes(StandardCharsets.UTF_8));
        kit.sendControl("wrong-key", ("{\"eventId\":\"other\",\"action\":\"CANCEL\",\"requestedAt\":\""
                + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
        kit.sendControl("far-future", ("{\"eventId\":\"far-future\",\"action\":\"CANCEL\",\"requestedAt\":"
                + "\"+999999-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        kit.sendControl("long-reason", ("{\"eventId\":\"long-reason\",\"action\":\"CANCEL\",\"requestedAt\":\""
                + Instant.now() + "\",\"reason\":\"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        kit.sendControl("no-action", ("{\"eventId\":\"no-action\",\"requestedAt\":\"" + Instant.now() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        kit.stop("valid", Action.CANCEL, null);
        List<String> untouched = List.of("garbage", "wrong-key", "other", "far-future", "long-reason", "no-action");
        untouched.forEach(id -> kit.send(stoppable(id, id, 0, false)));
        kit.send(stoppable("valid", "valid", 0, false));

        List<TaskResult> results = kit.awaitRunsEnded(List.of("valid", "garbage", "wrong-key", "other", "far-future",
                "long-reason", "no-action"));

        Guarantees.everyRunEnded(results, untouched, TaskStatus.SUCCEEDED);
        assertThat(Guarantees.endedRuns(results).get("valid").status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void aCancelledScheduledRunsEndGoesToTheRunEndsTopic() {
        startExecutor();
        Instant scheduledAt = Instant.parse("2026-12-07T10:00:00Z");
        String eventId = TaskEvent.scheduledEventId("nightly", scheduledAt);
        kit.stop(eventId, Action.CANCEL, null);
        kit.send(new TaskEvent(eventId, "nightly", "nightly", StoppableHandler.TYPE, sleep(0, false), scheduledAt,
                scheduledAt, 1, null, null, null));

        assertThat(ended(eventId).status()).isEqualTo(TaskStatus.CANCELLED);
        var record = kit.runEnds(1).get(0);
        RunEnd end = new RunEndDeserializer().deserialize(record.topic(), record.headers(), record.value());
        assertThat(end.eventId()).isEqualTo(eventId);
        assertThat(end.status()).isEqualTo(TaskStatus.CANCELLED);
    }

    private TaskResult ended(String eventId) {
        return Guarantees.endedRuns(kit.awaitRunsEnded(List.of(eventId))).get(eventId);
    }

    private void awaitCalled(String eventId) {
        await(() -> stoppable.called.contains(eventId));
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(ExecutorTestKit.WAIT).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    private static TaskEvent stoppable(String eventId, String key, long sleepMs, boolean ignoreInterrupts) {
        return ExecutorTestKit.event(eventId, key, StoppableHandler.TYPE, sleep(sleepMs, ignoreInterrupts));
    }

    private static JsonNode sleep(long sleepMs, boolean ignoreInterrupts) {
        return EventJson.mapper().createObjectNode().put("sleepMs", sleepMs).put("ignoreInterrupts", ignoreInterrupts);
    }

    private static TaskEvent flaky(String eventId, int failures) {
        return ExecutorTestKit.event(eventId, "k", FlakyHandler.TYPE, EventJson.mapper().createObjectNode().put("failures", failures));
    }

}

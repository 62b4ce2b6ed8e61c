package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.RunState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStoreTest {

    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    private final RunStore store = new RunStore(1_000);

    @Test
    void followsARunFromFiredThroughStartedToItsEnd() {
        List<RunState> seen = new ArrayList<>();
        store.addListener(run -> seen.add(run.state()));

        store.fired(event("s@1", 1));
        store.resulted(result("s@1", 1, TaskStatus.STARTED));
        store.resulted(result("s@1", 1, TaskStatus.SUCCEEDED));

        assertThat(seen).containsExactly(RunState.FIRED, RunState.STARTED, RunState.SUCCEEDED);
        assertThat(store.get("s@1").state().isFinal()).isTrue();
        assertThat(store.summary("s").counts()).containsEntry(RunState.SUCCEEDED, 1L);
    }

    @Test
    void aBufferedTimeWaitsThenFiresAndRunsAsAnyOther() {
        List<RunState> seen = new ArrayList<>();
        store.addListener(run -> seen.add(run.state()));

        store.resulted(result("s@1", 1, TaskStatus.BUFFERED));
        store.fired(event("s@1", 1));
        store.resulted(result("s@1", 1, TaskStatus.SUCCEEDED));

        assertThat(seen).containsExactly(RunState.BUFFERED, RunState.FIRED, RunState.SUCCEEDED);
        assertThat(store.get("s@1").firedAt()).isNotNull();
    }

    @Test
    void forgetsADeletedSchedulesSummaryButKeepsItsRuns() {
        store.fired(event("s@1", 1));
        store.resulted(result("s@1", 1, TaskStatus.SUCCEEDED));
        store.fired(event("other@1", 1));

        store.forgetSchedule("s", T.plusMillis(1));

        assertThat(store.summary("s")).isNull();
        assertThat(store.summary("other")).as("other schedules keep theirs").isNotNull();
        assertThat(store.get("s@1").state()).isEqualTo(RunState.SUCCEEDED);

        store.fired(event("s@2", 1));
        assertThat(store.summary("s").counts()).as("a schedule created again counts afresh").isEmpty();
        assertThat(store.summary("s").lastEventId()).isEqualTo("s@2");
    }

    @Test
    void countsALateResultOfADeletedSchedulesRunInNoSummary() {
        store.fired(event("s@1", 1));
        store.fired(event("s@2", 1));
        store.resulted(result("s@2", 1, TaskStatus.STARTED));
        store.forgetSchedule("s", T.plusMillis(5));

        store.resulted(result("s@2", 1, TaskStatus.SUCCEEDED));
        assertThat(store.summary("s")).as("the deleted schedule's run ended after the delete").isNull();
        assertThat(store.get("s@2").state()).as("its run is still followed").isEqualTo(RunState.SUCCEEDED);

        store.fired(event("s@10", 1));
        store.resulted(result("s@1", 1, TaskStatus.FAILED));
        store.resulted(result("s@10", 1, TaskStatus.SUCCEEDED));
        assertThat(store.summary("s").counts())
                .as("created again: its own run counts, the deleted one's late result does not")
                .containsExactly(entry(RunState.SUCCEEDED, 1L));
        assertThat(store.summary("s").lastEventId()).isEqualTo("s@10");
    }

    @Test
    void ignoresDuplicateAndLateResultsAndTakesOutOfOrderOnes() {
        store.resulted(result("s@2", 1, TaskStatus.SUCCEEDED));
        store.fired(event("s@2", 1));
        store.resulted(result("s@2", 1, TaskStatus.STARTED));
        store.resulted(result("s@2", 1, TaskStatus.SUCCEEDED));

        Run run = store.get("s@2");
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.firedAt()).as("the task event still fills in what only it knows").isNotNull();
        assertThat(store.summary("s").counts()).containsEntry(RunState.SUCCEEDED, 1L);
    }

    @Test
    void movesThroughRetriesByAttemptAndIgnoresAnOlderAttempt() {
        store.fired(event("s@3", 1));
        store.resulted(result("s@3", 1, TaskStatus.RETRY_SCHEDULED));
        store.resulted(result("s@3", 2, TaskStatus.STARTED));
        store.resulted(result("s@3", 1, TaskStatus.STARTED));
        store.resulted(result("s@3", 2, TaskStatus.DEAD_LETTERED));

        assertThat(store.get("s@3").state()).isEqualTo(RunState.DEAD_LETTERED);
        assertThat(store.get("s@3").attempt()).isEqualTo(2);
        assertThat(RunState.SUCCEEDED.canMoveTo(RunState.STARTED)).isFalse();
        assertThat(RunState.FIRED.canMoveTo(RunState.SKIPPED)).isTrue();
    }

    @Test
    void keepsAtMostAHundredRunsPerScheduleAndFindsTheNewestFirst() {
        for (int i = 0; i < 150; i++) {
            store.fired(event("s@" + i, 1));
        }
        store.resulted(result("s@149", 1, TaskStatus.FAILED));

        RunStore.Page page = store.find(new RunStore.Query("s", null, null, null, 0, 10));
        RunStore.Page failed = store.find(new RunStore.Query(null, RunState.FAILED, null, null, 0, 10));

        assertThat(page.total()).isEqualTo(RunStore.HISTORY_PER_SCHEDULE);
        assertThat(page.runs()).hasSize(10).first().extracting(Run::eventId).isEqualTo("s@149");
        assertThat(store.get("s@0")).as("the oldest are forgotten").isNull();
        assertThat(failed.runs()).extracting(Run::eventId).containsExactly("s@149");
    }

    @Test
    void sortsByATimeEitherWayWithRunsLackingItLastAndFindsByEventIdPrefix() {
        store.fired(event("a@30", 1));
        store.fired(event("b@10", 1));
        store.fired(event("a@20", 1));

        assertThat(ids(null, RunStore.Sort.UPDATED, false)).containsExactly("a@20", "b@10", "a@30");
        assertThat(ids(null, RunStore.Sort.UPDATED, true)).containsExactly("a@30", "b@10", "a@20");
        assertThat(ids(null, RunStore.Sort.SCHEDULED, false)).containsExactly("a@30", "a@20", "b@10");
        assertThat(ids(null, RunStore.Sort.SCHEDULED, true)).containsExactly("b@10", "a@20", "a@30");
        assertThat(ids("a@", RunStore.Sort.SCHEDULED, true)).containsExactly("a@20", "a@30");

        store.resulted(result("b@10", 1, TaskStatus.SUCCEEDED));

        assertThat(ids(null, RunStore.Sort.FINISHED, true)).first().as("the one finished first").isEqualTo("b@10");
        assertThat(ids(null, RunStore.Sort.FINISHED, false)).first().as("the unfinished last").isEqualTo("b@10");
    }

    private List<String> ids(String eventIdPrefix, RunStore.Sort sort, boolean ascending) {
        return store.find(new RunStore.Query(null, null, null, null, eventIdPrefix, sort, ascending, 0, 10)).runs().stream()
                .map(Run::eventId).toList();
    }

    @Test
    void boundsTheRunsItKeepsInAll() {
        RunStore small = new RunStore(10);
        for (int i = 0; i < 50; i++) {
            small.fired(new TaskEvent("one-off-" + i, null, "k", "noop", null, T, T, 1, null, null, null));
        }

        assertThat(small.size()).isEqualTo(10);
        assertThat(small.get("one-off-49")).isNotNull();
    }

    @Test
    void findsTheRunChangedLastFirstAndForgetsTheLeastRecentlyChanged() {
        RunStore small = new RunStore(3);
        small.fired(event("s@1", 1));
        small.fired(event("s@2", 1));
        small.fired(event("s@3", 1));
        small.resulted(result("s@1", 1, TaskStatus.SUCCEEDED));
        small.fired(event("s@4", 1));

        assertThat(small.find(new RunStore.Query(null, null, null, null, 0, 10)).runs()).extracting(Run::eventId)
                .containsExactly("s@4", "s@1", "s@3");
        assertThat(small.find(new RunStore.Query("s", null, null, null, 0, 10)).runs()).extracting(Run::eventId)
                .containsExactly("s@4", "s@1", "s@3");
        assertThat(small.get("s@2")).as("changed least recently, so forgotten first").isNull();
    }

    /** A task event of the schedule and time its id {@code <schedule>@<millis after T>} names. */
    private static TaskEvent event(String eventId, int attempt) {
        String scheduleId = scheduleOf(eventId);
        return new TaskEvent(eventId, scheduleId, scheduleId, "noop", null,
                T.plusMillis(Long.parseLong(eventId.substring(scheduleId.length() + 1))), T, attempt, null, null, null);
    }

    private static TaskResult result(String eventId, int attempt, TaskStatus status) {
        String scheduleId = scheduleOf(eventId);
        Instant scheduledAt = T.plusMillis(Long.parseLong(eventId.substring(scheduleId.length() + 1)));
        return new TaskResult(eventId, scheduleId, scheduleId, "noop", attempt, status, null,
                status == TaskStatus.SUCCEEDED ? null : new TaskError("x", "y"), scheduledAt, T,
                status.endsAttempt() ? T : null, "e-1");
    }

    private static String scheduleOf(String eventId) {
        return eventId.substring(0, eventId.indexOf('@'));
    }
}

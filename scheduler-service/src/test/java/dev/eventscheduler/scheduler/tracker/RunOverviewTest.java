package dev.eventscheduler.scheduler.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.RunState;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The overview the dashboard draws, worked out from every run kept: minutes, lag percentiles, executors. */
class RunOverviewTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:30:20Z");

    @Test
    void countsEachRunInTheMinuteOfItsScheduledTimeWithTheFireLagOfThatMinuteAndTheHour() {
        RunStore store = new RunStore(RunStore.DEFAULT_MAX_RUNS);
        Instant minuteAgo = Instant.parse("2026-12-07T10:29:00Z");
        for (int i = 0; i < 100; i++) {
            // lags of 1 to 100 ms, over ten schedules (each keeps its newest 100 runs)
            run(store, "s" + i % 10, minuteAgo.plusMillis(i * 100L), i + 1, TaskStatus.SUCCEEDED, "e-1", minuteAgo.plusSeconds(1 + i / 10));
        }
        run(store, "s", Instant.parse("2026-12-07T10:30:05Z"), 7, TaskStatus.FAILED, "e-2", Instant.parse("2026-12-07T10:30:06Z"));
        run(store, "old", Instant.parse("2026-12-07T09:00:00Z"), 5, TaskStatus.SUCCEEDED, "e-3", Instant.parse("2026-12-07T09:00:01Z"));
        run(store, "skipped", Instant.parse("2026-12-07T10:30:00Z"), 0, TaskStatus.SKIPPED, "scheduler:one", NOW);

        RunOverview overview = store.overview(NOW);

        assertThat(overview.from()).isEqualTo(Instant.parse("2026-12-07T09:31:00Z"));
        assertThat(overview.minutes()).hasSize(60);
        RunOverview.Minute previous = overview.minutes().get(58);
        assertThat(previous.start()).isEqualTo(minuteAgo);
        assertThat(previous.counts()).isEqualTo(Map.of(RunState.SUCCEEDED, 100));
        assertThat(previous.lagP50Ms()).isEqualTo(50);
        assertThat(previous.lagP99Ms()).isEqualTo(99);
        assertThat(overview.minutes().get(59).counts()).isEqualTo(Map.of(RunState.FAILED, 1, RunState.SKIPPED, 1));
        assertThat(overview.minutes().get(0).counts()).as("09:00 is before the hour").isEmpty();
        assertThat(overview.lag()).isEqualTo(new RunOverview.Lag(101, 50L, 99L));
        assertThat(overview.executors()).as("the newest result of each, newest first; the scheduler is no executor")
                .containsExactly(new RunOverview.Executor("e-2", Instant.parse("2026-12-07T10:30:06Z")),
                        new RunOverview.Executor("e-1", minuteAgo.plusSeconds(10)));
    }

    @Test
    void anEmptyHourHasNoLag() {
        RunOverview overview = new RunStore(10).overview(NOW);
        assertThat(overview.lag()).isEqualTo(new RunOverview.Lag(0, null, null));
        assertThat(overview.minutes()).allSatisfy(m -> assertThat(m.lagP50Ms()).isNull());
        assertThat(overview.executors()).isEmpty();
    }

    /** A run of {@code scheduleId} scheduled at {@code at}, fired {@code lagMs} later, ended {@code status} by {@code executor} at {@code finished}. */
    private static void run(RunStore store, String scheduleId, Instant at, long lagMs, TaskStatus status, String executor,
                            Instant finished) {
        String eventId = TaskEvent.scheduledEventId(scheduleId, at);
        if (status != TaskStatus.SKIPPED) {
            store.fired(new TaskEvent(eventId, scheduleId, scheduleId, "noop", null, at, at.plusMillis(lagMs), 1, null, null, null));
        }
        store.resulted(new TaskResult(eventId, scheduleId, scheduleId, "noop", 1, status, null, null, at, null, finished, executor));
    }
}

package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.ScheduleValidator;
import dev.eventscheduler.model.validation.TaskEventValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builders users write schedules and one-off events with make the same records as the constructors. */
class BuildersTest {

    @Test
    void aScheduleBuiltFluentlyIsTheRecordWithEveryFieldSet() {
        ScheduleDefinition built = ScheduleDefinition.builder("nightly-report", "http")
                .cron("0 30 2 * * ?", "Europe/Berlin").taskKey("reports").payload(EventJson.mapper().createObjectNode().put("x", 1))
                .misfirePolicy(MisfirePolicy.SKIP).overlap(OverlapPolicy.BUFFER_ONE).retry(RetryPolicy.NONE)
                .timeout(Duration.ofMinutes(5)).runTimeout(Duration.ofHours(1)).catchUpWindow(Duration.ofMinutes(10)).maxRuns(12).jitter(Duration.ofSeconds(30)).calendar("holidays")
                .endAt(Instant.parse("2030-01-01T00:00:00Z"))
                .paused(true).label("team", "billing").build();

        assertThat(built).isEqualTo(new ScheduleDefinition("nightly-report", "reports", "http",
                new Trigger.Cron("0 30 2 * * ?", "Europe/Berlin", Instant.parse("2030-01-01T00:00:00Z")),
                EventJson.mapper().createObjectNode().put("x", 1), MisfirePolicy.SKIP, OverlapPolicy.BUFFER_ONE, RetryPolicy.NONE,
                300_000L, 3_600_000L, 600_000L, 12L, 30_000L, java.util.List.of("holidays"), null, true, null, Map.of("team", "billing")));
        assertThat(ScheduleValidator.validate(built)).isEmpty();
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOlderConcurrencyStepSetsItsOverlapPolicy() {
        assertThat(ScheduleDefinition.builder("a", "log").every(Duration.ofSeconds(1)).concurrency(ConcurrencyPolicy.FORBID)
                .build().overlap()).isEqualTo(OverlapPolicy.SKIP);
        assertThat(ScheduleDefinition.builder("a", "log").every(Duration.ofSeconds(1)).concurrency(ConcurrencyPolicy.ALLOW)
                .build().overlap()).isEqualTo(OverlapPolicy.ALLOW_ALL);
    }

    @Test
    void eachTriggerKindHasItsOwnStep() {
        Instant at = Instant.parse("2030-01-01T09:00:00Z");

        assertThat(ScheduleDefinition.builder("a", "log").every(Duration.ofSeconds(30)).build().trigger())
                .isEqualTo(Trigger.Interval.every(30_000));
        assertThat(ScheduleDefinition.builder("b", "log").at(at).build().trigger()).isEqualTo(new Trigger.OneShot(at));
        assertThat(ScheduleDefinition.builder("c", "log").cron("0 0 * * * ?").build())
                .isEqualTo(ScheduleDefinition.of("c", "log", Trigger.Cron.of("0 0 * * * ?")));
    }

    @Test
    void anEndAppliesToACronOrAnIntervalAndIsRefusedForAOneShot() {
        Instant end = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(ScheduleDefinition.builder("a", "log").every(Duration.ofSeconds(30)).endAt(end).build().trigger())
                .isEqualTo(new Trigger.Interval(30_000, null, end));
        assertThat(ScheduleDefinition.builder("b", "log").cron("0 0 * * * ?").endAt(end).build().trigger())
                .isEqualTo(Trigger.Cron.of("0 0 * * * ?").until(end));
        assertThatThrownBy(() -> ScheduleDefinition.builder("c", "log").at(end).endAt(end).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one-shot");
    }

    @Test
    void aOneOffEventLeavesWhatThePublisherFillsInAndPassesTheOneOffRules() {
        Instant later = Instant.parse("2030-01-01T09:00:00Z");
        TaskEvent event = TaskEvent.oneOff("send-invoice").taskKey("customer-42").notBefore(later)
                .timeout(Duration.ofSeconds(10)).retry(RetryPolicy.NONE).build();

        assertThat(event).isEqualTo(new TaskEvent(null, null, "customer-42", "send-invoice", null, null, null, 1, later,
                10_000L, RetryPolicy.NONE));
        TaskEvent published = new TaskEvent("e-1", null, event.taskKey(), event.taskType(), null, later, later, 1,
                event.notBefore(), event.timeoutMs(), event.retry());
        assertThat(TaskEventValidator.validateOneOff(published)).isEmpty();
    }

    @Test
    void aRerunIsTheSameTaskWithAFreshAttemptCountItsOwnIdAndALinkToTheRunItRunsAgain() {
        Instant scheduledAt = Instant.parse("2026-12-06T02:00:00Z");
        Instant now = Instant.parse("2026-12-07T09:00:00Z");
        TaskEvent third = new TaskEvent("nightly@" + scheduledAt.toEpochMilli(), "nightly", "nightly", "http", null,
                scheduledAt, scheduledAt, 3, now.minusSeconds(5), 1_000L, RetryPolicy.DEFAULT);

        TaskEvent again = third.rerun(now);

        assertThat(again).isEqualTo(new TaskEvent("nightly@" + scheduledAt.toEpochMilli() + "-rerun-" + now.toEpochMilli(),
                "nightly", "nightly", "http", null, scheduledAt, now, 1, null, 1_000L, RetryPolicy.DEFAULT, third.eventId()));
        assertThat(third.isScheduledFire()).isTrue();
        assertThat(again.isScheduledFire()).as("a rerun is not the fire an overlap policy waits for").isFalse();
        assertThat(again.nextAttempt(now).rerunOf()).as("kept on its retries").isEqualTo(third.eventId());
        assertThat(third.redrive("2@77", now).eventId()).as("a redrive's id comes from its dead letter's")
                .isEqualTo(third.eventId() + "-redrive-2-77").isEqualTo(third.redrive("2@77", now.plusSeconds(60)).eventId());
    }

    @Test
    void aPauseNoteIsKeptWhilePausedAndDroppedOnResume() {
        ScheduleDefinition running = ScheduleDefinition.builder("nightly-report", "http").cron("0 30 2 * * ?").build();
        Pause pause = new Pause("quarter close", "alice", java.time.Instant.parse("2026-12-07T10:00:00Z"));

        ScheduleDefinition paused = running.withPaused(true, pause);

        assertThat(paused.pause()).isEqualTo(pause);
        assertThat(paused.withPaused(true).pause()).as("paused again: the note stays").isEqualTo(pause);
        assertThat(paused.withPaused(false).pause()).as("resumed: the note goes").isNull();
        assertThat(running.withPaused(false, pause).pause()).as("a note on a running schedule is not kept").isNull();
        assertThat(EventJson.toString(paused.withPaused(false))).doesNotContain("pause\"");
    }
}

package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.TaskEvent;
import org.junit.jupiter.api.Test;

class TaskEventValidationTest {

    @Test
    void acceptsTheExampleAndAMinimalOneOffEvent() {
        assertThat(TaskEventValidator.validate(EventReader.readTaskEvent(Examples.bytes("task-event.json")))).isEmpty();

        TaskEvent minimal = EventReader.readTaskEvent("{\"taskKey\": \"k\", \"taskType\": \"noop\"}".getBytes());
        assertThat(minimal.attempt()).isEqualTo(1);
    }

    @Test
    void refusesAnEventWithoutTypeOrKeyNamingBoth() {
        assertThatThrownBy(() -> EventReader.readTaskEvent("{\"payload\": {}}".getBytes()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("taskKey", "taskType"));
    }

    @Test
    void refusesANegativeAttemptABadScheduleIdAndAnOversizedPayload() {
        String json = "{\"taskKey\": \"k\", \"taskType\": \"noop\", \"attempt\": -1, \"scheduleId\": \"a b\","
                + " \"payload\": \"" + "x".repeat(300 * 1024) + "\"}";

        assertThatThrownBy(() -> EventReader.readTaskEvent(json.getBytes()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("attempt", "scheduleId", "payload"));
    }

    @Test
    void refusesInstantsOutsideTheBoundsNamingEach() {
        String json = "{\"taskKey\": \"k\", \"taskType\": \"noop\", \"scheduledAt\": \"+999999999-12-31T23:59:59Z\","
                + " \"firedAt\": \"1969-01-01T00:00:00Z\", \"notBefore\": \"+10000-01-01T00:00:00Z\","
                + " \"dueAt\": \"-000001-01-01T00:00:00Z\"}";

        assertThatThrownBy(() -> EventReader.readTaskEvent(json.getBytes()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("scheduledAt", "firedAt", "notBefore", "dueAt"));
    }

    @Test
    void aOneOffEventCannotClaimAScheduledFiresIdOrSchedule() {
        String forged = "{\"taskKey\": \"k\", \"taskType\": \"noop\", \"eventId\": \"nightly@1764892800000\","
                + " \"scheduleId\": \"nightly\"}";

        assertThat(TaskEventValidator.validate(EventReader.readTaskEvent(forged.getBytes())))
                .as("a record on the tasks topic may carry them").isEmpty();
        assertThatThrownBy(() -> EventReader.readOneOffEvent(forged.getBytes()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("eventId", "scheduleId"));
    }

    @Test
    void onlyAJitteredFireSaysWhenItWasDue() {
        String fire = "{\"taskKey\": \"k\", \"taskType\": \"noop\", \"dueAt\": \"2026-12-07T10:00:01.234Z\"}";

        assertThat(TaskEventValidator.validate(EventReader.readTaskEvent(fire.getBytes()))).isEmpty();
        assertThatThrownBy(() -> EventReader.readOneOffEvent(fire.getBytes()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("dueAt"));
    }

    @Test
    void onlyARerunNamesTheRunItRunsAgainAndWithinTheKeyLimit() {
        String rerun = "{\"taskKey\": \"k\", \"taskType\": \"noop\", \"eventId\": \"job-rerun-1\", \"rerunOf\": \"job\"}";

        assertThat(TaskEventValidator.validate(EventReader.readTaskEvent(rerun.getBytes()))).isEmpty();
        assertThatThrownBy(() -> EventReader.readOneOffEvent(rerun.getBytes()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("rerunOf"));
        String tooLong = "{\"taskKey\": \"k\", \"taskType\": \"noop\", \"rerunOf\": \"" + "j".repeat(1_001) + "\"}";
        assertThatThrownBy(() -> EventReader.readTaskEvent(tooLong.getBytes()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("rerunOf"));
    }
}

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
}

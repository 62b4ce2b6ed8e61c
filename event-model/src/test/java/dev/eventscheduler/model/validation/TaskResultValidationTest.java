package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TaskResultValidationTest {

    @Test
    void acceptsTheExampleAndRefusesAResultWithoutEventIdOrStatus() throws IOException {
        assertThat(TaskResultValidator.validate(EventJson.read(Examples.bytes("task-result.json"), TaskResult.class))).isEmpty();

        TaskResult hollow = EventJson.read("{\"taskType\": \"noop\"}".getBytes(), TaskResult.class);

        assertThat(TaskResultValidator.validate(hollow)).extracting(Violation::field).containsExactlyInAnyOrder("eventId", "status");
    }
}

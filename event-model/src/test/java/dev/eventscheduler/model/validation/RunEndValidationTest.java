package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.RunEnd;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunEndValidationTest {

    private static final Instant SCHEDULED = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void acceptsTheWireContractsExample() throws IOException {
        assertThat(RunEndValidator.validate(EventJson.read(Examples.bytes("run-end.json"), RunEnd.class), "nightly-report")).isEmpty();
    }

    @Test
    void acceptsTheEndOfARunOfItsOwnSchedule() {
        RunEnd end = new RunEnd("nightly", "nightly@" + SCHEDULED.toEpochMilli(), SCHEDULED, TaskStatus.SUCCEEDED,
                SCHEDULED.plusSeconds(3));

        assertThat(RunEndValidator.validate(end, "nightly")).isEmpty();
    }

    @Test
    void refusesAnEndThatCouldEndOrHoldAnotherRun() {
        String eventId = "nightly@" + SCHEDULED.toEpochMilli();

        assertThat(RunEndValidator.validate(new RunEnd("other", eventId, SCHEDULED, TaskStatus.SUCCEEDED, SCHEDULED), "nightly"))
                .extracting(Violation::field).contains("scheduleId");
        assertThat(RunEndValidator.validate(new RunEnd("nightly", "nightly@1", SCHEDULED, TaskStatus.SUCCEEDED, SCHEDULED), "nightly"))
                .extracting(Violation::field).containsExactly("eventId");
        assertThat(RunEndValidator.validate(new RunEnd("nightly", eventId, SCHEDULED, TaskStatus.STARTED, SCHEDULED), "nightly"))
                .extracting(Violation::field).containsExactly("status");
        assertThat(RunEndValidator.validate(new RunEnd("nightly", eventId, SCHEDULED, TaskStatus.RETRY_SCHEDULED, SCHEDULED), "nightly"))
                .extracting(Violation::field).containsExactly("status");
    }

    @Test
    void refusesAHollowRecordAndInstantsOutOfBounds() throws IOException {
        RunEnd hollow = EventJson.read("{}".getBytes(), RunEnd.class);
        assertThat(RunEndValidator.validate(hollow, "nightly")).extracting(Violation::field)
                .containsExactlyInAnyOrder("scheduleId", "eventId", "scheduledAt", "status", "endedAt");

        RunEnd farOff = EventJson.read(("{\"scheduleId\":\"n\",\"eventId\":\"n@-1\",\"scheduledAt\":\"1969-12-31T23:59:59.999Z\","
                + "\"status\":\"SUCCEEDED\",\"endedAt\":\"+10000-01-01T00:00:00Z\"}").getBytes(), RunEnd.class);
        assertThat(RunEndValidator.validate(farOff, "n")).extracting(Violation::field)
                .containsExactlyInAnyOrder("scheduledAt", "endedAt");
    }
}

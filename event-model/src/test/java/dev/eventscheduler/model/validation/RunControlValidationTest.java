package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunControlValidationTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void acceptsTheWireContractsExample() throws IOException {
        RunControl example = EventJson.read(Examples.bytes("run-control.json"), RunControl.class);

        assertThat(RunControlValidator.validate(example, example.eventId())).isEmpty();
    }

    @Test
    void acceptsACancelOfAnyRunWithOrWithoutAReason() {
        assertThat(RunControlValidator.validate(RunControl.cancel("nightly@1764986400000", NOW, null), "nightly@1764986400000"))
                .isEmpty();
        assertThat(RunControlValidator.validate(RunControl.cancel("3f1c-uuid", NOW, "r".repeat(1_000)), "3f1c-uuid")).isEmpty();
    }

    @Test
    void refusesARequestFiledUnderAnotherRunsKey() {
        assertThat(RunControlValidator.validate(RunControl.cancel("a", NOW, null), "b"))
                .extracting(Violation::field).containsExactly("eventId");
        assertThat(RunControlValidator.validate(RunControl.cancel("a", NOW, null), null))
                .extracting(Violation::field).containsExactly("eventId");
    }

    @Test
    void refusesAHollowRecordAnOutOfBoundsInstantAndAnOverlongReasonOrId() throws IOException {
        RunControl hollow = EventJson.read("{}".getBytes(), RunControl.class);
        assertThat(RunControlValidator.validate(hollow, "k")).extracting(Violation::field)
                .containsExactlyInAnyOrder("eventId", "action", "requestedAt");

        RunControl extreme = EventJson.read(("{\"eventId\":\"e\",\"action\":\"TERMINATE\",\"requestedAt\":\"+10000-01-01T00:00:00Z\","
                + "\"reason\":\"" + "r".repeat(1_001) + "\"}").getBytes(), RunControl.class);
        assertThat(RunControlValidator.validate(extreme, "e")).extracting(Violation::field)
                .containsExactlyInAnyOrder("requestedAt", "reason");

        String longId = "e".repeat(1_001);
        assertThat(RunControlValidator.validate(RunControl.cancel(longId, NOW, null), longId))
                .extracting(Violation::field).containsExactly("eventId");
    }

    @Test
    void requireValidNamesEveryBadField() {
        assertThatThrownBy(() -> RunControlValidator.requireValid(new RunControl(" ", null, NOW, null)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("eventId").hasMessageContaining("action");
    }
}

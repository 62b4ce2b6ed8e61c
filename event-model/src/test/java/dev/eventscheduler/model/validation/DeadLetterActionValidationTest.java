package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.DeadLetterAction;
import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterActionValidationTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void acceptsTheWireContractsExample() throws IOException {
        DeadLetterAction example = EventJson.read(Examples.bytes("dead-letter-action.json"), DeadLetterAction.class);

        assertThat(DeadLetterActionValidator.validate(example, example.deadLetter())).isEmpty();
    }

    @Test
    void refusesAnotherKeyAnIdThatIsNoPartitionAndOffsetAndARedriveWithoutItsRun() {
        assertThat(DeadLetterActionValidator.validate(new DeadLetterAction("0@1", DeadLetterAction.Kind.DISCARDED, null, T), "0@2"))
                .extracting(Violation::field).containsExactly("deadLetter");
        assertThat(DeadLetterActionValidator.validate(new DeadLetterAction("x@1", DeadLetterAction.Kind.DISCARDED, null, T), "x@1"))
                .extracting(Violation::field).containsExactly("deadLetter");
        assertThat(DeadLetterActionValidator.validate(new DeadLetterAction("0@1", DeadLetterAction.Kind.REDRIVEN, null, T), "0@1"))
                .extracting(Violation::field).containsExactly("eventId");
        assertThat(DeadLetterActionValidator.validate(new DeadLetterAction("0@1", DeadLetterAction.Kind.REDRIVEN, "e".repeat(1_001), T), "0@1"))
                .extracting(Violation::field).containsExactly("eventId");
    }

    @Test
    void refusesAHollowRecordAndAnInstantOutOfBounds() throws IOException {
        assertThat(DeadLetterActionValidator.validate(EventJson.read("{}".getBytes(), DeadLetterAction.class), "0@1"))
                .extracting(Violation::field).containsExactlyInAnyOrder("deadLetter", "action", "at");
        assertThat(DeadLetterActionValidator.validate(new DeadLetterAction("0@1", DeadLetterAction.Kind.DISCARDED, null,
                Instant.parse("+10000-01-01T00:00:00Z")), "0@1")).extracting(Violation::field).containsExactly("at");
    }
}

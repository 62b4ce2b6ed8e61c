package dev.eventscheduler.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.RunLogChunk;
import dev.eventscheduler.model.RunLogChunk.Line;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the tracker accepts off the logs topic, where anyone can write. */
class RunLogChunkValidationTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final Line LINE = new Line(T, "INFO", "task", "hello");

    @Test
    void acceptsTheWireContractsExample() throws IOException {
        RunLogChunk example = EventJson.read(Examples.bytes("run-log.json"), RunLogChunk.class);

        assertThat(RunLogChunkValidator.validate(example, example.eventId())).isEmpty();
        assertThat(example.lines()).hasSize(2);
    }

    @Test
    void refusesAChunkUnderAnotherKeyAndCountsOutOfRange() {
        assertThat(RunLogChunkValidator.validate(chunk(0, -1, List.of(LINE)), "other")).extracting(Violation::field)
                .containsExactlyInAnyOrder("eventId", "attempt", "sequence");
        assertThat(RunLogChunkValidator.validate(new RunLogChunk("e", RunLogChunkValidator.MAX_ATTEMPT + 1, "x", 0,
                List.of(), -1, false), "e")).extracting(Violation::field).containsExactlyInAnyOrder("attempt", "droppedLines");
    }

    @Test
    void refusesMoreLinesThanAnAttemptKeepsAndLinesItWouldNeverWrite() throws IOException {
        assertThat(RunLogChunkValidator.validate(chunk(1, 0, Collections.nCopies(RunLogChunk.MAX_LINES + 1, LINE)), "e"))
                .extracting(Violation::field).containsExactly("lines");

        List<Line> bad = List.of(new Line(Instant.parse("+10000-01-01T00:00:00Z"), "LOUD", "l".repeat(201), null),
                new Line(T, "INFO", "task", "m".repeat(RunLogChunk.MAX_LINE_CHARS + RunLogChunk.CUT_MARK.length() + 1)));
        assertThat(RunLogChunkValidator.validate(chunk(1, 0, bad), "e")).extracting(Violation::field)
                .containsExactlyInAnyOrder("lines[0].at", "lines[0].level", "lines[0].logger", "lines[0].message",
                        "lines[1].message");

        RunLogChunk hollow = EventJson.read("{\"lines\":[null]}".getBytes(), RunLogChunk.class);
        assertThat(RunLogChunkValidator.validate(hollow, "e")).extracting(Violation::field)
                .contains("eventId", "attempt", "executorId", "lines[0]");
    }

    private static RunLogChunk chunk(int attempt, int sequence, List<Line> lines) {
        return new RunLogChunk("e", attempt, "executor-a", sequence, lines, 0, false);
    }
}

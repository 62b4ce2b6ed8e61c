package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.RunLogChunk;
import dev.eventscheduler.model.RunLogChunk.Line;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How an attempt's log turns into chunks: only news, a last chunk only after lines, nothing after it. */
class TaskLogTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private final TaskLog log = new TaskLog("e-1", 2, "executor-a", Clock.fixed(T, ZoneOffset.UTC));

    @Test
    void anAttemptThatLoggedNothingPublishesNothing() {
        assertThat(log.nextChunk(false)).isNull();
        assertThat(log.nextChunk(true)).isNull();
    }

    @Test
    void eachChunkHoldsTheLinesSinceTheOneBeforeAndTheLastEndsTheLog() {
        log.info("one {}", 1);
        RunLogChunk first = log.nextChunk(false);
        assertThat(log.nextChunk(false)).isNull(); // nothing new
        log.warn("two");
        RunLogChunk last = log.nextChunk(true);
        log.info("after the end");

        assertThat(first).isEqualTo(new RunLogChunk("e-1", 2, "executor-a", 0,
                java.util.List.of(new Line(T, "INFO", Line.TASK_LOGGER, "one 1")), 0, false));
        assertThat(last.sequence()).isEqualTo(1);
        assertThat(last.last()).isTrue();
        assertThat(last.lines()).extracting(Line::message).containsExactly("two");
        assertThat(log.nextChunk(true)).isNull();
    }

    @Test
    void theLastChunkOfALogThatSaidSomethingIsPublishedEvenWhenEmpty() {
        log.info("one");
        log.nextChunk(false);

        RunLogChunk last = log.nextChunk(true);

        assertThat(last.lines()).isEmpty();
        assertThat(last.last()).isTrue();
    }

    @Test
    void linesPastTheBoundsAreCountedNotKept() {
        for (int i = 0; i < RunLogChunk.MAX_LINES + 5; i++) {
            log.debug("line {}", i);
        }

        RunLogChunk chunk = log.nextChunk(true);

        assertThat(chunk.lines()).hasSize(RunLogChunk.MAX_LINES);
        assertThat(chunk.droppedLines()).isEqualTo(5);
    }

    @Test
    void aThrowableAfterThePlaceholdersIsDescribed() {
        log.error("failed {}", "here", new IllegalStateException("disk full"));

        assertThat(log.nextChunk(true).lines().get(0).message()).isEqualTo("failed here: java.lang.IllegalStateException: disk full");
    }
}

package dev.eventscheduler.scheduler.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.RunLogChunk;
import dev.eventscheduler.model.RunLogChunk.Line;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The run logs the tracker keeps: chunks joined per attempt, a restarted attempt, duplicates, and the bounds. */
class RunLogStoreTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private final RunLogStore store = new RunLogStore();

    @Test
    void chunksOfAnAttemptAreJoinedInOrderAndEachAttemptKeptApart() {
        store.read(chunk("e", 1, 0, false, "a"));
        store.read(chunk("e", 1, 1, true, "b"));
        store.read(chunk("e", 2, 0, false, "c"));

        List<RunLogStore.AttemptLog> logs = store.of("e");

        assertThat(logs).extracting(RunLogStore.AttemptLog::attempt).containsExactly(1, 2);
        assertThat(logs.get(0).lines()).extracting(Line::message).containsExactly("a", "b");
        assertThat(logs).extracting(RunLogStore.AttemptLog::complete).containsExactly(true, false);
        assertThat(store.of("other")).isEmpty();
    }

    @Test
    void aChunkReadTwiceCountsOnceAndAnAttemptRunAgainReplacesIt() {
        store.read(chunk("e", 1, 0, false, "a"));
        store.read(chunk("e", 1, 1, false, "b"));
        store.read(chunk("e", 1, 1, false, "b"));
        assertThat(store.of("e").get(0).lines()).extracting(Line::message).containsExactly("a", "b");

        store.read(chunk("e", 1, 0, false, "again")); // its executor died; another runs it from the start

        assertThat(store.of("e").get(0).lines()).extracting(Line::message).containsExactly("again");
    }

    @Test
    void aForgedFloodOfChunksKeepsAnAttemptsBoundsAndTheNewestAttempts() {
        String big = "x".repeat(RunLogChunk.MAX_LINE_CHARS);
        for (int sequence = 0; sequence < 20; sequence++) {
            store.read(chunk("e", 1, sequence, false, big));
        }
        for (int attempt = 2; attempt <= RunLogStore.MAX_ATTEMPTS_KEPT + 5; attempt++) {
            store.read(chunk("e", attempt, 0, true, "n"));
        }

        List<RunLogStore.AttemptLog> logs = store.of("e");

        assertThat(logs).hasSize(RunLogStore.MAX_ATTEMPTS_KEPT);
        assertThat(logs.get(0).attempt()).isEqualTo(6);
        RunLogStore flooded = new RunLogStore();
        IntStream.range(0, 20).forEach(s -> flooded.read(chunk("e", 1, s, false, big)));
        RunLogStore.AttemptLog attempt = flooded.of("e").get(0);
        assertThat(attempt.lines().stream().mapToInt(Line::size).sum()).isLessThanOrEqualTo(RunLogChunk.MAX_BYTES);
        assertThat(attempt.lines().size() + attempt.droppedLines()).isEqualTo(20);
    }

    @Test
    void pastItsBoundTheRunsWhoseLogsBeganFirstAreForgotten() {
        RunLogStore small = new RunLogStore(10_000);
        for (int run = 0; run < 100; run++) {
            small.read(chunk("e-" + run, 1, 0, true, "y".repeat(500)));
        }

        assertThat(small.used()).isLessThanOrEqualTo(10_000);
        assertThat(small.of("e-99")).isNotEmpty();
        assertThat(small.of("e-0")).isEmpty();
        assertThat(small.size()).isLessThan(100);
    }

    private static RunLogChunk chunk(String eventId, int attempt, int sequence, boolean last, String message) {
        return new RunLogChunk(eventId, attempt, "executor-a", sequence, List.of(new Line(T, "INFO", "task", message)), 0, last);
    }
}

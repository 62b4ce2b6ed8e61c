package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.RunState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunTableTest {

    private static final Instant T = Instant.parse("2026-11-21T10:00:00.123456789Z");

    private final RunTable table = new RunTable();

    @Test
    void findsEveryKeptRunAndNoForgottenOneAcrossGrowthAndRemovals() {
        // a reference in the order of last change: what the table must agree with after every step
        Map<String, Run> expected = new LinkedHashMap<>();
        Random random = new Random(3);
        long sequence = 0;
        for (int step = 0; step < 20_000; step++) {
            int choice = random.nextInt(10);
            if (choice < 6 || expected.isEmpty()) {
                Run run = run(random.nextInt(3_000), random.nextBoolean(), ++sequence);
                expected.remove(run.eventId());
                expected.put(run.eventId(), run);
                table.put(run);
            } else {
                String eventId = new ArrayList<>(expected.keySet()).get(random.nextInt(expected.size()));
                table.remove(table.find(eventId));
                expected.remove(eventId);
            }
        }

        assertThat(table.size()).isEqualTo(expected.size());
        for (Run run : expected.values()) {
            assertThat(table.read(table.find(run.eventId()))).isEqualTo(run);
        }
        List<String> oldestFirst = new ArrayList<>();
        for (int slot = table.newest(); slot >= 0; slot = table.olderThan(slot)) {
            oldestFirst.add(0, table.eventId(slot));
        }
        assertThat(oldestFirst).containsExactlyElementsOf(expected.keySet());
        assertThat(table.find("never-seen")).isNegative();
    }

    @Test
    void keepsNoEventIdStringForAScheduledFireButGivesItBackWhole() {
        Instant scheduledAt = Instant.parse("2026-11-21T10:00:01.500Z");
        String eventId = TaskEvent.scheduledEventId("s", scheduledAt);
        Run run = new Run(eventId, "s", "s", "noop", RunState.FIRED, 1, scheduledAt, T, null, null, null, null, null, null, null, 1);

        int slot = table.put(run);

        assertThat(table.eventId(slot)).as("made again from schedule and time, not kept").isEqualTo(eventId)
                .isNotSameAs(eventId);
        assertThat(table.read(table.find(eventId))).isEqualTo(run);
    }

    @Test
    void keepsEachSchedulesHistoryInTheOrderFirstSeen() {
        for (int i = 0; i < 5; i++) {
            table.put(run("a", i, 10 + i));
        }
        table.put(run("a", 0, 20));
        table.remove(table.find(run("a", 2, 0).eventId()));

        List<String> history = new ArrayList<>();
        for (int slot = table.historyFirst("a"); slot >= 0; slot = table.historyAfter(slot)) {
            history.add(table.eventId(slot));
        }

        assertThat(history).containsExactly("a@0", "a@1", "a@3", "a@4");
        assertThat(table.historySize("a")).isEqualTo(4);
    }

    private static Run run(int number, boolean scheduled, long sequence) {
        return scheduled ? run("s" + number % 7, number, sequence)
                : new Run("one-off-" + number, null, "k" + number, "noop", RunState.STARTED, 2, null, T, T, null, "e-1",
                        null, null, null, "one-off-0", sequence);
    }

    private static Run run(String scheduleId, int number, long sequence) {
        Instant scheduledAt = Instant.ofEpochMilli(number);
        return new Run(TaskEvent.scheduledEventId(scheduleId, scheduledAt), scheduleId, scheduleId, "noop",
                RunState.FIRED, 1, scheduledAt, T.plusNanos(number), null, null, null, null, null, null, null, sequence);
    }
}

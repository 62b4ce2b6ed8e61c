package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The executor's promises as reusable checks, so every test states them the same way. */
final class Guarantees {

    private Guarantees() {
    }

    /** The result that ended each run, by event id (the last one read, should there be several). */
    static Map<String, TaskResult> endedRuns(List<TaskResult> results) {
        Map<String, TaskResult> ended = new HashMap<>();
        results.stream().filter(r -> r.status().endsRun()).forEach(r -> ended.put(r.eventId(), r));
        return ended;
    }

    /** Every event in {@code eventIds} ended {@code status}, and none is missing. */
    static void everyRunEnded(List<TaskResult> results, Collection<String> eventIds, TaskStatus status) {
        Map<String, TaskResult> ended = endedRuns(results);
        assertThat(ended.keySet()).as("events with a final result").containsAll(eventIds);
        assertThat(eventIds).as("events that did not end %s", status)
                .allSatisfy(id -> assertThat(ended.get(id).status()).as(id).isEqualTo(status));
    }

    /** No attempt of any event got two final results. */
    static void oneFinalResultPerAttempt(List<TaskResult> results) {
        Map<String, Long> finals = results.stream().filter(r -> r.status().endsAttempt())
                .collect(Collectors.groupingBy(r -> r.eventId() + "#" + r.attempt(), Collectors.counting()));
        assertThat(finals).as("final results per attempt").allSatisfy((attempt, count) -> assertThat(count).as(attempt).isEqualTo(1L));
    }

    /** For each key, the handler saw its events in the order they were sent. */
    static void inOrderPerKey(Map<String, List<Integer>> sequenceByKey) {
        assertThat(sequenceByKey).allSatisfy((key, sequence) ->
                assertThat(sequence).as("handler calls for key %s", key).isSorted());
    }
}

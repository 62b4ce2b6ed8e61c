package dev.eventscheduler.scheduler.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.json.EventJson;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The runs the tracker has seen, with bounded memory: at most {@code maxRuns} runs in all and
 * {@value #HISTORY_PER_SCHEDULE} per schedule, the oldest forgotten first. Summaries (counts by
 * final state, last run) live as long as their schedule is seen. Written by the tracker thread,
 * read by the API; listeners hear every change after it is made.
 */
public final class RunStore {

    /** Runs kept per schedule. */
    public static final int HISTORY_PER_SCHEDULE = 100;
    /** Runs kept in all, by default. */
    public static final int DEFAULT_MAX_RUNS = 100_000;
    /** Payloads larger than this are not kept. */
    public static final int MAX_KEPT_PAYLOAD_BYTES = 4_096;

    private static final int MAX_SHARED_VALUES = 10_000;

    private final int maxRuns;
    /**
     * Runs by event id, in the order of their last change (a changed run is put again at the end), so
     * the oldest are forgotten first and the newest found first. One map, not a map and a sorted index:
     * a run lives for seconds to minutes, long enough to be copied by every young collection, so its
     * bytes are what the tracker costs the garbage collector.
     */
    private final LinkedHashMap<String, Run> byChange = new LinkedHashMap<>();
    private final Map<String, Deque<String>> historyBySchedule = new HashMap<>();
    /** One instance of each task type and executor id, however many runs name it; at most {@value #MAX_SHARED_VALUES}. */
    private final Map<String, String> shared = new HashMap<>();
    private final Map<String, Summary> summaries = new HashMap<>();
    private final List<Consumer<Run>> listeners = new CopyOnWriteArrayList<>();
    private long sequence;

    public RunStore(int maxRuns) {
        this.maxRuns = maxRuns;
    }

    /** Per schedule: runs by final state since the tracker's look-back, and the latest run. */
    public record Summary(Map<RunState, Long> counts, String lastEventId, RunState lastState, Instant lastScheduledAt) {
    }

    /** A page of runs, newest change first, with the total that matched. */
    public record Page(List<Run> runs, int total) {
    }

    /** Which runs {@link #find} returns; null fields match anything. */
    public record Query(String scheduleId, RunState state, Instant from, Instant to, int offset, int limit) {
    }

    public void addListener(Consumer<Run> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Run> listener) {
        listeners.remove(listener);
    }

    /** A task event was read: the run exists and has fired. */
    public void fired(TaskEvent event) {
        Run changed;
        synchronized (this) {
            Run current = byChange.get(event.eventId());
            JsonNode payload = keepable(event.payload());
            if (current == null) {
                changed = new Run(event.eventId(), event.scheduleId(), event.taskKey(), event.taskType(), RunState.FIRED,
                        event.attempt(), event.scheduledAt(), event.firedAt(), null, null, null, payload, null, null, 0);
            } else if (current.firedAt() == null && event.attempt() == 1) {
                // its result came first: fill in what only the task event knows, keep the state
                changed = new Run(current.eventId(), current.scheduleId(), current.taskKey(), current.taskType(),
                        current.state(), current.attempt(), current.scheduledAt(), event.firedAt(), current.startedAt(),
                        current.finishedAt(), current.executorId(), payload, current.output(), current.error(), 0);
            } else {
                return;
            }
            changed = store(changed);
        }
        notifyListeners(changed);
    }

    /** A result was read: the run moves if the state machine allows it. */
    public void resulted(TaskResult result) {
        RunState next = RunState.of(result.status());
        Run changed;
        synchronized (this) {
            Run current = byChange.get(result.eventId());
            if (current != null && !moves(current, next, result.attempt())) {
                return;
            }
            changed = new Run(result.eventId(), result.scheduleId(), result.taskKey(), result.taskType(), next,
                    result.attempt(), result.scheduledAt(), current == null ? null : current.firedAt(),
                    result.startedAt() != null ? result.startedAt() : current == null ? null : current.startedAt(),
                    result.finishedAt(), result.executorId(), current == null ? null : current.payload(),
                    result.output(), result.error(), 0);
            changed = store(changed);
            if (next.isFinal() && changed.scheduleId() != null) {
                summaries.get(changed.scheduleId()).counts().merge(next, 1L, Long::sum);
            }
        }
        notifyListeners(changed);
    }

    private static boolean moves(Run current, RunState next, int attempt) {
        if (attempt < current.attempt()) {
            return false;
        }
        if (attempt > current.attempt()) {
            return !current.state().isFinal();
        }
        return current.state().canMoveTo(next);
    }

    public synchronized Run get(String eventId) {
        return byChange.get(eventId);
    }

    /** Whether the run of {@code eventId} has ended; false when unknown. */
    public synchronized boolean hasEnded(String eventId) {
        Run run = byChange.get(eventId);
        return run != null && run.state().isFinal();
    }

    public synchronized Summary summary(String scheduleId) {
        Summary summary = summaries.get(scheduleId);
        return summary == null ? null : new Summary(new EnumMap<>(summary.counts()), summary.lastEventId(),
                summary.lastState(), summary.lastScheduledAt());
    }

    public synchronized Page find(Query query) {
        List<Run> matching = new ArrayList<>();
        if (query.scheduleId() != null) {
            for (String id : historyBySchedule.getOrDefault(query.scheduleId(), new ArrayDeque<>())) {
                Run run = byChange.get(id);
                if (run != null && matches(run, query)) {
                    matching.add(run);
                }
            }
            matching.sort((a, b) -> Long.compare(b.updateSequence(), a.updateSequence()));
        } else {
            for (Run run : byChange.values()) {
                if (matches(run, query)) {
                    matching.add(run);
                }
            }
            // kept oldest change first
            Collections.reverse(matching);
        }
        int from = Math.min(query.offset(), matching.size());
        int to = Math.min(from + query.limit(), matching.size());
        return new Page(List.copyOf(matching.subList(from, to)), matching.size());
    }

    public synchronized int size() {
        return byChange.size();
    }

    private static boolean matches(Run run, Query query) {
        Instant at = run.scheduledAt() != null ? run.scheduledAt() : run.firedAt();
        return (query.state() == null || run.state() == query.state())
                && (query.from() == null || at != null && !at.isBefore(query.from()))
                && (query.to() == null || at != null && at.isBefore(query.to()));
    }

    private Run store(Run run) {
        Run previous = byChange.remove(run.eventId());
        String scheduleId = previous != null && Objects.equals(previous.scheduleId(), run.scheduleId())
                ? previous.scheduleId() : canonicalScheduleId(run.scheduleId());
        Run stored = new Run(previous != null ? previous.eventId() : run.eventId(), scheduleId,
                run.taskKey() != null && run.taskKey().equals(scheduleId) ? scheduleId : run.taskKey(),
                share(run.taskType()), run.state(), run.attempt(), run.scheduledAt(), run.firedAt(), run.startedAt(),
                run.finishedAt(), share(run.executorId()), run.payload(), run.output(), run.error(), ++sequence);
        byChange.put(stored.eventId(), stored);
        if (previous == null && scheduleId != null) {
            Deque<String> history = historyBySchedule.computeIfAbsent(scheduleId, id -> new ArrayDeque<>());
            history.addLast(stored.eventId());
            if (history.size() > HISTORY_PER_SCHEDULE) {
                byChange.remove(history.removeFirst());
            }
        }
        if (scheduleId != null) {
            Summary summary = summaries.computeIfAbsent(scheduleId,
                    id -> new Summary(new EnumMap<>(RunState.class), null, null, null));
            boolean newest = summary.lastScheduledAt() == null || stored.scheduledAt() != null
                    && !stored.scheduledAt().isBefore(summary.lastScheduledAt());
            if (newest) {
                summaries.put(scheduleId, new Summary(summary.counts(), stored.eventId(), stored.state(),
                        stored.scheduledAt()));
            }
        }
        Iterator<Run> oldest = byChange.values().iterator();
        while (byChange.size() > maxRuns) {
            Run forgotten = oldest.next();
            oldest.remove();
            // the history holds only runs still kept, or it would keep their ids alive
            Deque<String> history = historyBySchedule.get(forgotten.scheduleId());
            if (history != null) {
                history.removeFirstOccurrence(forgotten.eventId());
                if (history.isEmpty()) {
                    historyBySchedule.remove(forgotten.scheduleId());
                }
            }
        }
        return stored;
    }

    /** The schedule id instance this store already keeps for {@code scheduleId}, so each run does not hold its own copy. */
    private String canonicalScheduleId(String scheduleId) {
        Deque<String> history = scheduleId == null ? null : historyBySchedule.get(scheduleId);
        Run kept = history == null ? null : byChange.get(history.peekLast());
        return kept != null ? kept.scheduleId() : scheduleId;
    }

    private String share(String value) {
        if (value == null) {
            return null;
        }
        String known = shared.get(value);
        if (known != null) {
            return known;
        }
        if (shared.size() < MAX_SHARED_VALUES) {
            shared.put(value, value);
        }
        return value;
    }

    private void notifyListeners(Run run) {
        for (Consumer<Run> listener : listeners) {
            try {
                listener.accept(run);
            } catch (RuntimeException e) {
                // a broken stream client must not stop the tracker
                listeners.remove(listener);
            }
        }
    }

    private static JsonNode keepable(JsonNode payload) {
        return payload == null || EventJson.toBytes(payload).length > MAX_KEPT_PAYLOAD_BYTES ? null : payload;
    }
}

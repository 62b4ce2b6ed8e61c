package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.RunState;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.json.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Deleted schedules remembered with their deletion time; the oldest deletion is forgotten first. */
    public static final int MAX_DELETIONS_REMEMBERED = 10_000;

    private static final int MAX_SHARED_VALUES = 10_000;

    private final int maxRuns;
    /** The runs, in columns rather than an object each (see {@link RunTable}). */
    private final RunTable table = new RunTable();
    /** One instance of each task key, task type and executor id, however many runs name it; at most {@value #MAX_SHARED_VALUES}. */
    private final Map<String, String> shared = new HashMap<>();
    private final Map<String, Summary> summaries = new HashMap<>();
    /** When each recently deleted schedule was deleted, oldest deletion first (see {@link #forgetSchedule}). */
    private final Map<String, Instant> deletions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_DELETIONS_REMEMBERED;
        }
    };
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

    /**
     * Which runs {@link #find} returns, in which order; null filters match anything.
     *
     * @param eventIdPrefix what the run's event id starts with
     * @param sort          the order: {@link Sort#UPDATED} (newest change first) unless another is asked
     * @param ascending     oldest first instead; runs without the time sorted on come last either way
     */
    public record Query(String scheduleId, RunState state, Instant from, Instant to, String eventIdPrefix, Sort sort,
                        boolean ascending, int offset, int limit) {

        /** Newest change first, filtered by schedule, state and scheduled time. */
        public Query(String scheduleId, RunState state, Instant from, Instant to, int offset, int limit) {
            this(scheduleId, state, from, to, null, Sort.UPDATED, false, offset, limit);
        }
    }

    /** What a list of runs is ordered by. */
    public enum Sort {
        /** The run's latest change (the live list's order). */
        UPDATED(-1),
        /** Its scheduled time (a one-off event's is when it was published). */
        SCHEDULED(RunTable.SCHEDULED),
        /** When its latest attempt started. */
        STARTED(RunTable.STARTED),
        /** When it ended. */
        FINISHED(RunTable.FINISHED);

        private final int time;

        Sort(int time) {
            this.time = time;
        }
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
            Run current = find(event.eventId());
            JsonNode payload = keepable(event.payload());
            if (current == null) {
                changed = new Run(event.eventId(), event.scheduleId(), event.taskKey(), event.taskType(), RunState.FIRED,
                        event.attempt(), event.scheduledAt(), event.firedAt(), null, null, null, payload, null, null,
                        event.rerunOf(), 0);
            } else if (current.firedAt() == null && event.attempt() == 1) {
                // a buffered time fired; or its result came first: fill in what only the task event knows, keep the state
                RunState state = current.state().canMoveTo(RunState.FIRED) ? RunState.FIRED : current.state();
                changed = new Run(current.eventId(), current.scheduleId(), current.taskKey(), current.taskType(),
                        state, current.attempt(), current.scheduledAt(), event.firedAt(), current.startedAt(),
                        current.finishedAt(), current.executorId(), payload, current.output(), current.error(),
                        event.rerunOf(), 0);
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
            Run current = find(result.eventId());
            if (current != null && !moves(current, next, result.attempt())) {
                return;
            }
            Run run = new Run(result.eventId(), result.scheduleId(), result.taskKey(), result.taskType(), next,
                    result.attempt(), result.scheduledAt(), current == null ? null : current.firedAt(),
                    result.startedAt() != null ? result.startedAt() : current == null ? null : current.startedAt(),
                    result.finishedAt(), result.executorId(), current == null ? null : current.payload(),
                    result.output(), result.error(), current == null ? null : current.rerunOf(), 0);
            changed = store(run);
            if (next.isFinal() && run.scheduleId() != null && ofLiveSchedule(run.scheduleId(), run)) {
                // store() made the summary if there was none
                summaries.get(run.scheduleId()).counts().merge(next, 1L, Long::sum);
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
        return find(eventId);
    }

    /**
     * The schedule was deleted at {@code deletedAt}: its summary goes, so that the summaries kept
     * follow the schedules defined rather than every id ever seen. Its runs stay listed until they age
     * out like any other. A run scheduled before the deletion whose result comes later (it was
     * already firing or running) makes no summary again, and is not counted in the summary of a
     * schedule created again under the same id, which counts its runs due after the deletion. The last
     * {@value #MAX_DELETIONS_REMEMBERED} deletions are remembered for this.
     */
    public synchronized void forgetSchedule(String scheduleId, Instant deletedAt) {
        summaries.remove(scheduleId);
        // removed first, so that a schedule deleted again counts as the newest deletion
        deletions.remove(scheduleId);
        deletions.put(scheduleId, deletedAt);
    }

    /** The state of the schedule's latest run; null when it has none kept. */
    public synchronized RunState lastState(String scheduleId) {
        Summary summary = summaries.get(scheduleId);
        return summary == null ? null : summary.lastState();
    }

    public synchronized Summary summary(String scheduleId) {
        Summary summary = summaries.get(scheduleId);
        return summary == null ? null : new Summary(new EnumMap<>(summary.counts()), summary.lastEventId(),
                summary.lastState(), summary.lastScheduledAt());
    }

    public synchronized Page find(Query query) {
        List<Integer> matching = new ArrayList<>();
        if (query.scheduleId() != null) {
            for (int slot = table.historyFirst(query.scheduleId()); slot >= 0; slot = table.historyAfter(slot)) {
                if (matches(slot, query)) {
                    matching.add(slot);
                }
            }
            matching.sort((a, b) -> Long.compare(table.sequence(b), table.sequence(a)));
        } else {
            for (int slot = table.newest(); slot >= 0; slot = table.olderThan(slot)) {
                if (matches(slot, query)) {
                    matching.add(slot);
                }
            }
        }
        if (query.sort() != Sort.UPDATED || query.ascending()) {
            matching.sort(order(query));
        }
        int from = Math.min(query.offset(), matching.size());
        int to = Math.min(from + query.limit(), matching.size());
        // only the page is made into records
        return new Page(matching.subList(from, to).stream().map(table::read).toList(), matching.size());
    }

    /** The last hour at a glance, from the runs kept ({@link RunOverview}). */
    public synchronized RunOverview overview(Instant now) {
        return RunOverview.of(table, now);
    }

    public synchronized int size() {
        return table.size();
    }

    private Run find(String eventId) {
        int slot = table.find(eventId);
        return slot < 0 ? null : table.read(slot);
    }

    /** The query's order of slots; a run without the time sorted on comes last, whichever the direction. */
    private Comparator<Integer> order(Query query) {
        if (query.sort() == Sort.UPDATED) {
            return Comparator.comparingLong(table::sequence);
        }
        Comparator<Instant> times = query.ascending() ? Comparator.naturalOrder() : Comparator.reverseOrder();
        Comparator<Integer> byTime = Comparator.comparing(slot -> table.time(slot, query.sort().time),
                Comparator.nullsLast(times));
        // the same time: the newest change first, so a page never shuffles between equal runs
        return byTime.thenComparing(Comparator.comparingLong((Integer slot) -> table.sequence(slot)).reversed());
    }

    private boolean matches(int slot, Query query) {
        if (query.eventIdPrefix() != null && !table.eventId(slot).startsWith(query.eventIdPrefix())) {
            return false;
        }
        Instant scheduledAt = table.time(slot, RunTable.SCHEDULED);
        Instant at = scheduledAt != null ? scheduledAt : table.time(slot, RunTable.FIRED);
        return (query.state() == null || table.state(slot) == query.state())
                && (query.from() == null || at != null && !at.isBefore(query.from()))
                && (query.to() == null || at != null && at.isBefore(query.to()));
    }

    private Run store(Run run) {
        String scheduleId = table.canonicalScheduleId(run.scheduleId());
        int slot = table.put(new Run(run.eventId(), scheduleId,
                run.taskKey() != null && run.taskKey().equals(scheduleId) ? scheduleId : share(run.taskKey()),
                share(run.taskType()), run.state(), run.attempt(), run.scheduledAt(), run.firedAt(), run.startedAt(),
                run.finishedAt(), share(run.executorId()), run.payload(), run.output(), run.error(), run.rerunOf(), ++sequence));
        // made before anything is forgotten, and only when someone listens: most changes are never read as records
        Run stored = listeners.isEmpty() ? null : table.read(slot);
        if (scheduleId != null) {
            if (table.historySize(scheduleId) > HISTORY_PER_SCHEDULE) {
                table.remove(table.historyFirst(scheduleId));
            }
            if (ofLiveSchedule(scheduleId, run)) {
                Summary summary = summaries.computeIfAbsent(scheduleId,
                        id -> new Summary(new EnumMap<>(RunState.class), null, null, null));
                boolean newest = summary.lastScheduledAt() == null || run.scheduledAt() != null
                        && !run.scheduledAt().isBefore(summary.lastScheduledAt());
                if (newest) {
                    summaries.put(scheduleId, new Summary(summary.counts(), run.eventId(), run.state(), run.scheduledAt()));
                }
            }
        }
        while (table.size() > maxRuns) {
            table.remove(table.oldest());
        }
        return stored;
    }

    /**
     * False for a run due at or before its schedule's last remembered deletion: it belongs to the
     * deleted schedule, even when its result comes after the schedule was created again.
     */
    private boolean ofLiveSchedule(String scheduleId, Run run) {
        Instant deletedAt = deletions.get(scheduleId);
        if (deletedAt == null) {
            return true;
        }
        Instant due = run.scheduledAt() != null ? run.scheduledAt() : run.firedAt();
        return due != null && due.isAfter(deletedAt);
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
        if (run == null) {
            return;
        }
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

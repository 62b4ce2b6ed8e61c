package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What executors last said of each task type, from the results the tracker reads: a handler ran it,
 * or no handler runs it. The results the scheduler writes itself say nothing of executors, and a
 * cancelled run nothing of its handler: both are left out. The API warns with this when a schedule
 * names a type no executor has run.
 * Any producer can write any type, so it keeps at most {@link #MAX_TYPES}, the least recently seen
 * going first.
 */
public final class TaskTypes {

    /** The most task types remembered. */
    public static final int MAX_TYPES = 1_000;

    /** What the newest result of a type said. */
    public enum Seen {
        /** A handler ran it (whatever the outcome). */
        RAN,
        /** An executor had no handler for it. */
        NO_HANDLER
    }

    private final Map<String, Seen> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_TYPES;
        }
    };

    synchronized void record(TaskResult result) {
        if (writtenByTheScheduler(result) || result.status() == TaskStatus.CANCELLED) {
            return;
        }
        boolean refused = result.error() != null && TaskError.UNKNOWN_TASK_TYPE.equals(result.error().type());
        seen.put(result.taskType(), refused ? Seen.NO_HANDLER : Seen.RAN);
    }

    /** A skipped or buffered time, or a run given up at its deadline: no executor had a say in it. */
    private static boolean writtenByTheScheduler(TaskResult result) {
        return result.status() == TaskStatus.SKIPPED || result.status() == TaskStatus.BUFFERED
                || result.error() != null && TaskError.NO_RESULT.equals(result.error().type());
    }

    /** What the newest result of {@code taskType} said; empty when none was read. */
    public synchronized Optional<Seen> lookup(String taskType) {
        return Optional.ofNullable(seen.get(taskType));
    }

    /** Whether any result was read at all: without one, a type not seen says nothing. */
    public synchronized boolean isEmpty() {
        return seen.isEmpty();
    }
}

package dev.eventscheduler.model;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a run stands, and the one place that says which states end a run and which moves are
 * allowed: {@code FIRED} when its task event is on the tasks topic, then the {@link TaskStatus} of
 * its latest result. {@link TaskStatus#endsRun()}, the status tracker and the dashboard (through
 * {@code GET /api/run-states}) all read it from here. Anything the table does not allow (a duplicate,
 * a late {@code STARTED} after the end) is ignored, so results may arrive twice or out of order.
 */
public enum RunState {
    /** Its scheduled time waits for the schedule's running run to end (overlap BUFFER_ONE or BUFFER_ALL). */
    BUFFERED,
    /** Its task event is on the tasks topic; no executor has reported yet. */
    FIRED,
    /** An attempt began on an executor. */
    STARTED,
    /** An attempt failed or timed out, and the next one waits on the retry topic. */
    RETRY_SCHEDULED,
    /** The handler returned. */
    SUCCEEDED,
    /** It failed and will not be tried again (e.g. no handler for its type). */
    FAILED,
    /** Its last attempt ran past its time limit. */
    TIMED_OUT,
    /** Its last attempt failed; the event is on the dead-letter topic. */
    DEAD_LETTERED,
    /** The scheduled time was not fired; the result's error says why. */
    SKIPPED,
    /** It was cancelled before it started, or while its handler ran; no attempt follows. */
    CANCELLED;

    private static final Set<RunState> FINAL = EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, DEAD_LETTERED, SKIPPED, CANCELLED);
    private static final Map<RunState, Set<RunState>> ALLOWED = new EnumMap<>(RunState.class);

    static {
        Set<RunState> active = EnumSet.of(STARTED, RETRY_SCHEDULED);
        active.addAll(FINAL);
        Set<RunState> buffered = EnumSet.of(FIRED);
        buffered.addAll(active);
        ALLOWED.put(BUFFERED, buffered);
        ALLOWED.put(FIRED, active);
        ALLOWED.put(STARTED, active);
        ALLOWED.put(RETRY_SCHEDULED, active);
        FINAL.forEach(state -> ALLOWED.put(state, EnumSet.noneOf(RunState.class)));
    }

    /** The state a result of {@code status} reports. */
    public static RunState of(TaskStatus status) {
        return valueOf(status.name());
    }

    /** Whether the run is over: no result will follow. */
    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Whether a run in this state may move to {@code next}. */
    public boolean canMoveTo(RunState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** The states a run in this one may move to; none for a final state. */
    public Set<RunState> next() {
        return EnumSet.copyOf(ALLOWED.get(this));
    }
}

package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.TaskStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a run stands: {@code FIRED} when its task event is on the tasks topic, then the status of
 * its latest result. The allowed moves are a table; anything else (a duplicate, a late
 * {@code STARTED} after the end) is ignored, so results may arrive twice or out of order.
 */
public enum RunState {
    FIRED, STARTED, RETRY_SCHEDULED, SUCCEEDED, FAILED, TIMED_OUT, DEAD_LETTERED, SKIPPED;

    private static final Set<RunState> FINAL = EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, DEAD_LETTERED, SKIPPED);
    private static final Map<RunState, Set<RunState>> ALLOWED = new EnumMap<>(RunState.class);

    static {
        Set<RunState> active = EnumSet.of(STARTED, RETRY_SCHEDULED);
        active.addAll(FINAL);
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
}

package dev.eventscheduler.model;

/**
 * The status a {@link TaskResult} reports. Every attempt has at most one {@link #STARTED} result
 * and exactly one result of another status. Which statuses end a run is {@link RunState}'s word.
 */
public enum TaskStatus {
    /** The attempt began on an executor. */
    STARTED,
    /** The handler returned. */
    SUCCEEDED,
    /** The attempt failed and will not be tried again (e.g. no handler for its type). */
    FAILED,
    /** The attempt failed or timed out and another attempt is queued. */
    RETRY_SCHEDULED,
    /** The attempt ran past its time limit and will not be tried again. */
    TIMED_OUT,
    /** The last attempt failed; the event is on the dead-letter topic. */
    DEAD_LETTERED,
    /** The scheduled time was not fired (misfire policy, overlap SKIP, a full buffer, FIRE_ALL cap); the error says why. */
    SKIPPED,
    /**
     * The scheduled time waits for the schedule's running run to end (overlap {@code BUFFER_ONE} or
     * {@code BUFFER_ALL}); its task event follows, with this time, when it fires. Written by the scheduler.
     */
    BUFFERED,
    /**
     * The run was cancelled ({@code POST /api/runs/{eventId}/cancel}, {@code SchedulerClient.cancel},
     * or an overlap policy): it never started, or its handler was told to stop before it returned.
     * No attempt follows and nothing is dead-lettered; the error says who asked and why.
     */
    CANCELLED;

    /** Whether this status ends its attempt (everything but {@link #STARTED} and {@link #BUFFERED}, which comes before one). */
    public boolean endsAttempt() {
        return this != STARTED && this != BUFFERED;
    }

    /** Whether no further result will follow for the event: the run is over. */
    public boolean endsRun() {
        return RunState.of(this).isFinal();
    }
}

package dev.eventscheduler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;

/**
 * What a schedule does with a time that comes due while its previous run has no final result, as
 * Temporal's schedule overlap policies do. Whether a run has ended is what executors write to
 * {@code scheduler.run-ends}; a run without an end past its {@link RunDeadline} counts as ended.
 * Only {@link #ALLOW_ALL} lets runs of a schedule overlap; the others keep at most one running and
 * so bound the backlog. Read from the older field {@code concurrency} too: {@code ALLOW} is
 * {@link #ALLOW_ALL}, {@code FORBID} is {@link #SKIP}.
 */
public enum OverlapPolicy {
    /** The time is skipped, with a {@code SKIPPED} result ({@link SkipReason#CONCURRENCY_FORBID}). */
    SKIP,
    /**
     * One time waits ({@code BUFFERED}) and fires, with its own scheduled time, when the running run
     * ends; later ones are skipped ({@link SkipReason#BUFFER_FULL}) while one waits.
     */
    BUFFER_ONE,
    /**
     * Every time waits, in order, up to {@value #MAX_BUFFERED}, each firing when the run before it
     * ends; past that they are skipped ({@link SkipReason#BUFFER_FULL}).
     */
    BUFFER_ALL,
    /**
     * The running run is cancelled (its handler told and interrupted, as {@code POST
     * /api/runs/{eventId}/cancel} does), and the time waits ({@code BUFFERED}) until that run has
     * ended, then fires. One time waits at most: a later one that comes due meanwhile is skipped
     * ({@link SkipReason#BUFFER_FULL}), and only the first cancels.
     */
    CANCEL_OTHER,
    /**
     * The running run is terminated (it ends {@code CANCELLED} at once, its handler not waited for)
     * and the time fires at once. With the schedule's own id as task key, the new run still starts
     * on its executor only after the terminated one has been let go.
     */
    TERMINATE_OTHER,
    /**
     * Every time fires at once, whether or not earlier runs have ended. Unless the schedule sets its
     * own task key, each fire gets its own (its event id), so runs really overlap across executors;
     * with a task key of its own, its runs queue behind each other in that key's order. The default.
     */
    ALLOW_ALL;

    /** The most times {@link #BUFFER_ALL} keeps waiting for one schedule. */
    public static final int MAX_BUFFERED = 1_000;

    /** How many times may wait under this policy: 0 unless it buffers. */
    public int bufferLimit() {
        return switch (this) {
            case BUFFER_ONE, CANCEL_OTHER -> 1;
            case BUFFER_ALL -> MAX_BUFFERED;
            case SKIP, TERMINATE_OTHER, ALLOW_ALL -> 0;
        };
    }

    /** How a time that comes due stops the schedule's running run, if this policy stops it; null otherwise. */
    public RunControl.Action stopsRunningRun() {
        return switch (this) {
            case CANCEL_OTHER -> RunControl.Action.CANCEL;
            case TERMINATE_OTHER -> RunControl.Action.TERMINATE;
            default -> null;
        };
    }

    /** Whether a time waits for, is skipped for, or stops a running run. */
    public boolean waitsForRuns() {
        return this != ALLOW_ALL;
    }

    /** Reads a policy by name, or by the older {@code concurrency} names {@code ALLOW} and {@code FORBID}. */
    @JsonCreator
    public static OverlapPolicy fromJson(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "ALLOW" -> ALLOW_ALL;
            case "FORBID" -> SKIP;
            default -> Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("must be one of " + Arrays.toString(values()) + " (or the older ALLOW, FORBID)"));
        };
    }
}

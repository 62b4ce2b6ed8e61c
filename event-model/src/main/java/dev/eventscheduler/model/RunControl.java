package dev.eventscheduler.model;

import java.time.Instant;

/**
 * A request to stop a run, on the {@code scheduler.control} topic keyed by the run's event id.
 * Every executor reads the whole topic and keeps what it read, so a request applies to the run
 * wherever its task is, or later is: queued, running, waiting for a retry, or not yet read at all
 * (the request came first, or the executor that held it crashed and another took its partitions).
 * A run that has already ended is not changed.
 *
 * @param eventId     the run's event id, and the record key
 * @param action      how to stop it
 * @param requestedAt when it was asked for
 * @param reason      why, in the words of whoever asked (shown in the run's error); may be null
 */
public record RunControl(String eventId, Action action, Instant requestedAt, String reason) {

    /** How a run is stopped; either way it ends {@link TaskStatus#CANCELLED}. */
    public enum Action {
        /**
         * A queued task never starts; a running handler sees {@link #CANCEL} through its context,
         * its thread is interrupted, and its attempt ends once the handler returns or throws.
         */
        CANCEL,
        /** As {@link #CANCEL}, but the executor does not wait for a running handler to stop: its attempt ends at once. */
        TERMINATE
    }

    /** A cancel of run {@code eventId}, asked for at {@code requestedAt}. */
    public static RunControl cancel(String eventId, Instant requestedAt, String reason) {
        return new RunControl(eventId, Action.CANCEL, requestedAt, reason);
    }
}

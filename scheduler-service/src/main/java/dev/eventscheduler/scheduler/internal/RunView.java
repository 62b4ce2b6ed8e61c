package dev.eventscheduler.scheduler.internal;

import java.time.Instant;

/** What a fire decision needs to know about runs: whether one has ended, and when. {@link RunEnds} answers it. */
interface RunView {

    /** True when the run {@code eventId} of {@code scheduleId} is known to have ended; false when unknown or still open. */
    boolean hasEnded(String scheduleId, String eventId);

    /**
     * When the run {@code eventId} of {@code scheduleId} ended, as its end record says; when a later run
     * of the schedule ended since, that one's end (the latest kept). Null when no end is known.
     */
    default Instant endedAt(String scheduleId, String eventId) {
        return null;
    }
}

package dev.eventscheduler.scheduler.internal;

/** What a fire decision needs to know about runs: whether one has ended. {@link RunEnds} answers it. */
interface RunView {

    /** True when the run {@code eventId} of {@code scheduleId} is known to have ended; false when unknown or still open. */
    boolean hasEnded(String scheduleId, String eventId);
}

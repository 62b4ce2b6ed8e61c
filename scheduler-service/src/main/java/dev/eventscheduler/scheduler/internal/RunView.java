package dev.eventscheduler.scheduler.internal;

/** What the firing loop needs to know about runs: whether one has its final result. */
public interface RunView {

    /** True when the run of {@code eventId} has a result that ends it; false when unknown or still open. */
    boolean hasEnded(String eventId);
}

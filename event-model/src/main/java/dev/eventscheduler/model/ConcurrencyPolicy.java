package dev.eventscheduler.model;

/** Whether a schedule's runs may overlap. */
public enum ConcurrencyPolicy {
    /** Every fire is published, whether or not earlier runs have finished. The default. */
    ALLOW,
    /** A fire is skipped, with a {@code SKIPPED} result, while the schedule's previous run has no final result. */
    FORBID
}

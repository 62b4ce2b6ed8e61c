package dev.eventscheduler.model;

/** Why a scheduled time was not fired: the {@code error.type} of its {@code SKIPPED} result. */
public final class SkipReason {

    /**
     * The misfire policy SKIP passed over a time missed while the schedule was not loaded or was paused
     * (its oldest unfired time was older than the misfire threshold).
     */
    public static final String MISFIRE_SKIP = "MISFIRE_SKIP";
    /** FIRE_ONCE fired only the latest missed time; this older one was merged into it. */
    public static final String MISFIRE_FIRE_ONCE = "MISFIRE_FIRE_ONCE";
    /** FIRE_ALL fires at most 100 missed times; this one was older. */
    public static final String FIRE_ALL_CAP = "FIRE_ALL_CAP";
    /** Many older missed times, counted in one result. */
    public static final String MISFIRE_SUMMARY = "MISFIRE_SUMMARY";
    /** Overlap SKIP (concurrency FORBID): the schedule's previous run had no final result yet. */
    public static final String CONCURRENCY_FORBID = "CONCURRENCY_FORBID";
    /** Overlap BUFFER_ONE or BUFFER_ALL: the previous run had not ended and the buffer of waiting times was full. */
    public static final String BUFFER_FULL = "BUFFER_FULL";
    /** A calendar the schedule names excludes the time ({@link Calendar#excludes}). */
    public static final String CALENDAR = "CALENDAR";
    /** A fixed delay's next time (its last run's end plus the delay) is past its {@code endAt}: the chain has ended. */
    public static final String ENDED = "ENDED";
    /** A time that waited in a schedule's buffer when the schedule was deleted. */
    public static final String SCHEDULE_DELETED = "SCHEDULE_DELETED";

    private SkipReason() {
    }

    /** What a person reads in the {@code SKIPPED} result for {@code reason}. */
    public static String describe(String reason) {
        return switch (reason) {
            case MISFIRE_SKIP -> "missed while the schedule was not loaded or paused; misfirePolicy SKIP";
            case MISFIRE_FIRE_ONCE -> "missed while the schedule was not loaded or paused; misfirePolicy FIRE_ONCE fired only the latest missed time";
            case FIRE_ALL_CAP -> "missed while the schedule was not loaded or paused; misfirePolicy FIRE_ALL fires at most 100 missed times";
            case CONCURRENCY_FORBID -> "overlap SKIP (concurrency FORBID): the previous run has no final result yet";
            case CALENDAR -> "a calendar the schedule names excludes this time";
            case ENDED -> "the fixed delay's next time (its last run's end plus the delay) is past its endAt: the chain has ended";
            case SCHEDULE_DELETED -> "the schedule was deleted while this time waited for its running run to end";
            case BUFFER_FULL -> "overlap BUFFER_ONE or BUFFER_ALL: the previous run has no final result yet and the buffer of waiting times is full";
            default -> reason;
        };
    }
}

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
    /** concurrency FORBID: the schedule's previous run had no final result yet. */
    public static final String CONCURRENCY_FORBID = "CONCURRENCY_FORBID";

    private SkipReason() {
    }

    /** What a person reads in the {@code SKIPPED} result for {@code reason}. */
    public static String describe(String reason) {
        return switch (reason) {
            case MISFIRE_SKIP -> "missed while the schedule was not loaded or paused; misfirePolicy SKIP";
            case MISFIRE_FIRE_ONCE -> "missed while the schedule was not loaded or paused; misfirePolicy FIRE_ONCE fired only the latest missed time";
            case FIRE_ALL_CAP -> "missed while the schedule was not loaded or paused; misfirePolicy FIRE_ALL fires at most 100 missed times";
            case CONCURRENCY_FORBID -> "concurrency FORBID: the previous run has no final result yet";
            default -> reason;
        };
    }
}

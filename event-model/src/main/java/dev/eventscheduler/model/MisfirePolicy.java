package dev.eventscheduler.model;

/**
 * What a scheduler does with scheduled times it missed (it was down, a partition moved, the
 * schedule was paused). Applied from the last committed scheduled fire time whenever a schedule is
 * (re)loaded.
 */
public enum MisfirePolicy {
    /** Fire one catch-up now for all the missed times, then go on as scheduled. The default. */
    FIRE_ONCE,
    /** Fire none of the missed times; go straight to the next future time. */
    SKIP,
    /** Fire every missed time in order, at most {@link #FIRE_ALL_CAP}; the rest are skipped. */
    FIRE_ALL;

    /** The most missed times {@link #FIRE_ALL} fires at once. */
    public static final int FIRE_ALL_CAP = 100;
}

package dev.eventscheduler.model;

import java.time.Instant;

/**
 * Why, by whom and when a schedule was paused, kept with the paused definition and dropped when it
 * is resumed (Temporal's schedule notes). Written by {@code POST /api/schedules/{id}/pause} and
 * {@code SchedulerClient.pause}; shown with the schedule in the API and the dashboard.
 *
 * @param note why, at most {@value #MAX_NOTE_LENGTH} characters (may be null)
 * @param by   who, as the caller names itself, at most {@value #MAX_BY_LENGTH} characters (may be null)
 * @param at   when the pause was asked for, by the clock of the service that wrote it
 */
public record Pause(String note, String by, Instant at) {

    /** The longest note kept, in characters. */
    public static final int MAX_NOTE_LENGTH = 1_000;
    /** The longest name of who paused, in characters. */
    public static final int MAX_BY_LENGTH = 200;
}

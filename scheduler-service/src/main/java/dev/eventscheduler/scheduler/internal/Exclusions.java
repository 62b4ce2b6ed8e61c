package dev.eventscheduler.scheduler.internal;

import java.time.Instant;
import java.util.List;

/** What a fire decision needs to know about exclusion calendars; {@link CalendarFollower} answers it. */
interface Exclusions {

    /** No calendar excludes anything. */
    Exclusions NONE = (names, time) -> null;

    /** The first of the calendars {@code names} that excludes {@code time}; null when none does. */
    String excluding(List<String> names, Instant time);
}

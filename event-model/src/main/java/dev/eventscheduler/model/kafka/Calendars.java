package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.Calendar;
import dev.eventscheduler.model.validation.CalendarValidator;
import java.time.Instant;
import java.util.List;

/**
 * The exclusion calendars as the {@code scheduler.calendars} topic has them, by name: what the
 * scheduler decides fires with and what the API lists. Safe to read from any thread.
 */
public final class Calendars extends NamedRecords<Calendar> {

    /** The most calendars kept: a producer writing many names cannot grow every instance's memory without end. */
    public static final int MAX_CALENDARS = 10_000;

    public Calendars() {
        super(new CalendarDeserializer(), CalendarValidator::validate, MAX_CALENDARS);
    }

    /** The first of {@code names} that excludes {@code time}; null when none does (a name with no calendar excludes nothing). */
    public String excluding(List<String> names, Instant time) {
        for (String name : names) {
            Calendar calendar = getOrNull(name);
            if (calendar != null && calendar.excludes(time)) {
                return name;
            }
        }
        return null;
    }
}

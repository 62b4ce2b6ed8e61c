package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.Calendar;
import dev.eventscheduler.model.CronExpressions;
import dev.eventscheduler.model.Trigger;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** Checks a {@link Calendar} and returns every problem at once, each naming its field. */
public final class CalendarValidator {

    /** The longest description. */
    public static final int MAX_DESCRIPTION_LENGTH = 1_000;
    private static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    private CalendarValidator() {
    }

    public static List<Violation> validate(Calendar calendar) {
        Violations v = new Violations();
        v.id("name", calendar.name());
        try {
            ZoneId.of(calendar.timeZone());
        } catch (DateTimeException e) {
            v.add("timeZone", "is not a known time-zone id such as Europe/Berlin or UTC: " + e.getMessage());
        }
        if (calendar.dates().size() > Calendar.MAX_DATES) {
            v.add("dates", "must list at most " + Calendar.MAX_DATES + " days, listed " + calendar.dates().size());
        } else {
            for (int i = 0; i < calendar.dates().size(); i++) {
                day(v, "dates[" + i + "]", calendar.dates().get(i));
            }
        }
        if (calendar.ranges().size() > Calendar.MAX_RANGES) {
            v.add("ranges", "must list at most " + Calendar.MAX_RANGES + " ranges, listed " + calendar.ranges().size());
        } else {
            for (int i = 0; i < calendar.ranges().size(); i++) {
                range(v, "ranges[" + i + "]", calendar.ranges().get(i));
            }
        }
        if (calendar.cron() != null) {
            try {
                CronExpressions.parse(Trigger.Cron.of(calendar.cron()));
            } catch (ParseException e) {
                v.add("cron", "is not a valid Quartz cron expression (seconds minutes hours day-of-month month "
                        + "day-of-week [year]): " + e.getMessage());
            }
        }
        v.maxLength("description", calendar.description(), MAX_DESCRIPTION_LENGTH);
        return v.list();
    }

    /** As {@link #validate(Calendar)}, for a record: its name must be its key too. */
    public static List<Violation> validate(Calendar calendar, String key) {
        List<Violation> problems = new java.util.ArrayList<>(validate(calendar));
        if (calendar.name() != null && !calendar.name().equals(key)) {
            problems.add(new Violation("name", "must be the record key ('" + key + "'), was '" + calendar.name() + "'"));
        }
        return problems;
    }

    /** Throws a {@link ValidationException} listing every problem, unless {@code calendar} is valid. */
    public static Calendar requireValid(Calendar calendar) {
        List<Violation> problems = validate(calendar);
        if (!problems.isEmpty()) {
            throw new ValidationException("calendar", problems);
        }
        return calendar;
    }

    private static void range(Violations v, String field, Calendar.DateRange range) {
        if (!v.required(field, range)) {
            return;
        }
        day(v, field + ".from", range.from());
        day(v, field + ".to", range.to());
        if (range.from() != null && range.to() != null && range.to().isBefore(range.from())) {
            v.add(field + ".to", "must not be before from (" + range.from() + "), was " + range.to());
        }
    }

    private static void day(Violations v, String field, LocalDate day) {
        if (v.required(field, day) && (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY))) {
            v.add(field, "must be between " + FIRST_DAY + " and " + LAST_DAY + ", was " + day);
        }
    }
}

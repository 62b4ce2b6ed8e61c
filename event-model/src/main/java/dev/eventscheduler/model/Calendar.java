package dev.eventscheduler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * A named exclusion calendar, on the compacted {@code scheduler.calendars} topic keyed by its name (a
 * null value deletes it). A schedule that names it in {@code calendars} does not fire at a time it
 * excludes: that time is recorded {@code SKIPPED} with the reason {@link SkipReason#CALENDAR}. Dates
 * and the cron are read on the wall clock of {@code timeZone}, as Quartz's holiday and cron calendars
 * read theirs; a day is excluded from its local midnight to the next.
 *
 * @param name        1–200 characters of {@code [A-Za-z0-9._:-]}; the Kafka key
 * @param timeZone    the IANA zone its dates and cron are read in (default UTC)
 * @param dates       whole days excluded, at most {@value #MAX_DATES} (kept in order)
 * @param ranges      inclusive ranges of whole days excluded, at most {@value #MAX_RANGES}
 * @param cron        a Quartz cron expression whose times are excluded, to the second (e.g.
 *                    {@code * * 0-6 ? * SAT,SUN}: weekend nights); null for none
 * @param description free text shown with it, at most 1,000 characters
 */
public record Calendar(
        String name,
        String timeZone,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LocalDate> dates,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DateRange> ranges,
        String cron,
        String description) {

    /** The most dates one calendar lists. */
    public static final int MAX_DATES = 1_000;
    /** The most date ranges one calendar lists. */
    public static final int MAX_RANGES = 100;
    /** The most calendars one schedule names. */
    public static final int MAX_PER_SCHEDULE = 10;

    /** Whole days from {@code from} to {@code to}, both included. */
    public record DateRange(LocalDate from, LocalDate to) {
    }

    public Calendar {
        timeZone = timeZone == null ? Trigger.DEFAULT_TIME_ZONE : timeZone;
        if (dates == null) {
            dates = List.of();
        } else {
            // in order, so a lookup is a binary search; nulls are left for the validator to name
            List<LocalDate> sorted = new ArrayList<>(dates);
            if (!sorted.contains(null)) {
                Collections.sort(sorted);
            }
            dates = Collections.unmodifiableList(sorted);
        }
        ranges = ranges == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(ranges));
    }

    /** Whether {@code time} falls on an excluded day or matches the excluded cron, on this calendar's clock. */
    public boolean excludes(Instant time) {
        ZonedDateTime local = time.atZone(ZoneId.of(timeZone));
        LocalDate day = local.toLocalDate();
        if (Collections.binarySearch(dates, day) >= 0) {
            return true;
        }
        for (DateRange range : ranges) {
            if (!day.isBefore(range.from()) && !day.isAfter(range.to())) {
                return true;
            }
        }
        return cron != null && cronExcludes(local);
    }

    private boolean cronExcludes(ZonedDateTime local) {
        try {
            CronExpressions.WallClockCron wallClock = CronExpressions.parse(Trigger.Cron.of(cron));
            // the expression is parsed to be read in UTC: hand it the local wall-clock time as if it were UTC
            Instant wall = local.toLocalDateTime().toInstant(ZoneOffset.UTC);
            return wallClock.expression().isSatisfiedBy(Date.from(wall));
        } catch (ParseException e) {
            // validated before it is accepted; one that slipped through excludes nothing by its cron
            return false;
        }
    }
}

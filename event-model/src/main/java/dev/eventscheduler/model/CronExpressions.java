package dev.eventscheduler.model;

import java.text.ParseException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.CronExpression;

/**
 * Quartz cron expressions parsed once per text and time zone, for the validator and the
 * scheduler's fire-time arithmetic alike. Each is parsed to be read on the wall clock (in UTC, where
 * no time repeats or is missing) and kept with its zone, which {@link ZonedCron} places its times in.
 * A parsed {@link CronExpression} is a few KB and takes tens of microseconds to build, and a million
 * schedules usually share a handful. It is only read after parsing, so sharing one between threads
 * is safe. The cache is dropped whole when it grows past {@value #MAX_CACHED} expressions, which
 * bounds it without bookkeeping; a text that does not parse is not kept.
 */
public final class CronExpressions {

    /** The most distinct expressions kept. */
    public static final int MAX_CACHED = 10_000;
    private static final Map<Trigger.Cron, WallClockCron> PARSED = new ConcurrentHashMap<>();

    /** An expression parsed in UTC, to be read on the wall clock of {@code zone}. */
    public record WallClockCron(CronExpression expression, ZoneId zone) {
    }

    private CronExpressions() {
    }

    /**
     * The expression of {@code cron} and its time zone.
     *
     * @throws ParseException when the text is not a Quartz cron expression
     * @throws java.time.DateTimeException when the time zone is unknown
     */
    public static WallClockCron parse(Trigger.Cron cron) throws ParseException {
        if (cron.endAt() != null) {
            // keyed by text and zone alone: schedules that end at different times share the expression
            cron = new Trigger.Cron(cron.cron(), cron.timeZone());
        }
        WallClockCron cached = PARSED.get(cron);
        if (cached != null) {
            return cached;
        }
        CronExpression parsed = new CronExpression(cron.cron());
        parsed.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
        WallClockCron wallClock = new WallClockCron(parsed, ZoneId.of(cron.timeZone()));
        if (PARSED.size() >= MAX_CACHED) {
            PARSED.clear();
        }
        PARSED.put(cron, wallClock);
        return wallClock;
    }
}

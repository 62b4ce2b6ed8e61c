package dev.eventscheduler.model;

import java.text.ParseException;
import java.time.ZoneId;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.CronExpression;

/**
 * Quartz cron expressions parsed once per text and time zone, for the validator and the
 * scheduler's fire-time arithmetic alike. A parsed {@link CronExpression} is a few KB and takes tens
 * of microseconds to build, and a million schedules usually share a handful. It is only read after
 * parsing, so sharing one between threads is safe. The cache is dropped whole when it grows past
 * {@value #MAX_CACHED} expressions, which bounds it without bookkeeping; a text that does not parse
 * is not kept.
 */
public final class CronExpressions {

    /** The most distinct expressions kept. */
    public static final int MAX_CACHED = 10_000;
    private static final Map<Trigger.Cron, CronExpression> PARSED = new ConcurrentHashMap<>();

    private CronExpressions() {
    }

    /**
     * The expression of {@code cron}, read in its time zone.
     *
     * @throws ParseException when the text is not a Quartz cron expression
     * @throws java.time.DateTimeException when the time zone is unknown
     */
    public static CronExpression parse(Trigger.Cron cron) throws ParseException {
        CronExpression cached = PARSED.get(cron);
        if (cached != null) {
            return cached;
        }
        CronExpression parsed = new CronExpression(cron.cron());
        parsed.setTimeZone(TimeZone.getTimeZone(ZoneId.of(cron.timeZone())));
        if (PARSED.size() >= MAX_CACHED) {
            PARSED.clear();
        }
        PARSED.put(cron, parsed);
        return parsed;
    }
}

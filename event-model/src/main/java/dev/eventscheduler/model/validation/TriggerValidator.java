package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.CronExpressions;
import dev.eventscheduler.model.TimeBounds;
import dev.eventscheduler.model.Trigger;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Checks a schedule's trigger, naming each field from {@code trigger}: a spec of a union as
 * {@code trigger.specs[2].cron}. Cron expressions are parsed by Quartz itself.
 */
final class TriggerValidator {

    private TriggerValidator() {
    }

    static void validate(Violations v, String field, Trigger trigger) {
        if (trigger instanceof Trigger.Cron cron) {
            cron(v, field, cron);
        } else if (trigger instanceof Trigger.Interval interval) {
            interval(v, field, interval);
        } else if (trigger instanceof Trigger.OneShot oneShot) {
            if (v.required(field + ".at", oneShot.at())) {
                v.instant(field + ".at", oneShot.at());
            }
        } else if (trigger instanceof Trigger.Union union) {
            union(v, field, union);
        } else if (trigger instanceof Trigger.FixedDelay fixedDelay) {
            long delay = fixedDelay.fixedDelayMs();
            if (delay < TimeBounds.MIN_INTERVAL_MS || delay > TimeBounds.MAX_INTERVAL_MS) {
                v.add(field + ".fixedDelayMs", "must be between " + TimeBounds.MIN_INTERVAL_MS + " and "
                        + TimeBounds.MAX_INTERVAL_MS + " ms (100 years), was " + delay);
            }
            v.instant(field + ".startAt", fixedDelay.startAt());
            v.instant(field + ".endAt", fixedDelay.endAt());
            if (fixedDelay.startAt() != null && fixedDelay.endAt() != null && fixedDelay.endAt().isBefore(fixedDelay.startAt())) {
                v.add(field + ".endAt", "must not be before startAt (" + fixedDelay.startAt() + "), was " + fixedDelay.endAt());
            }
        }
    }

    private static void cron(Violations v, String field, Trigger.Cron cron) {
        if (v.required(field + ".cron", cron.cron())) {
            try {
                // the text alone; the zone is checked below
                CronExpressions.parse(Trigger.Cron.of(cron.cron()));
            } catch (ParseException e) {
                v.add(field + ".cron", "is not a valid Quartz cron expression (seconds minutes hours "
                        + "day-of-month month day-of-week [year]): " + e.getMessage());
            }
        }
        try {
            ZoneId.of(cron.timeZone());
        } catch (DateTimeException e) {
            v.add(field + ".timeZone", "is not a known time-zone id such as Europe/Berlin or UTC: " + e.getMessage());
        }
        v.instant(field + ".endAt", cron.endAt());
    }

    private static void interval(Violations v, String field, Trigger.Interval interval) {
        if (interval.intervalMs() < TimeBounds.MIN_INTERVAL_MS || interval.intervalMs() > TimeBounds.MAX_INTERVAL_MS) {
            v.add(field + ".intervalMs", "must be between " + TimeBounds.MIN_INTERVAL_MS + " and "
                    + TimeBounds.MAX_INTERVAL_MS + " ms (100 years), was " + interval.intervalMs());
        }
        v.instant(field + ".startAt", interval.startAt());
        v.instant(field + ".endAt", interval.endAt());
        if (interval.startAt() != null && interval.endAt() != null && !interval.endAt().isAfter(interval.startAt())) {
            v.add(field + ".endAt", "must be after startAt (" + interval.startAt() + "), was " + interval.endAt());
        }
    }

    /** One to {@value Trigger.Union#MAX_SPECS} specs, each a cron or an interval. */
    private static void union(Violations v, String field, Trigger.Union union) {
        int count = union.specs().size();
        if (count == 0 || count > Trigger.Union.MAX_SPECS) {
            v.add(field + ".specs", "must list 1 to " + Trigger.Union.MAX_SPECS + " crons and intervals, listed " + count);
            return;
        }
        for (int i = 0; i < count; i++) {
            String specField = field + ".specs[" + i + "]";
            Trigger spec = union.specs().get(i);
            if (spec instanceof Trigger.Cron || spec instanceof Trigger.Interval) {
                validate(v, specField, spec);
            } else {
                v.add(specField, "must be a cron or an interval (a one-shot, a fixed delay or a list of specs cannot be a spec)");
            }
        }
    }
}

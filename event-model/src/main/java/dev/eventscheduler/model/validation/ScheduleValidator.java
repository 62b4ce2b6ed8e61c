package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.CronExpressions;
import dev.eventscheduler.model.Pause;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TimeBounds;
import dev.eventscheduler.model.Trigger;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link ScheduleDefinition} and returns every problem at once, each naming its field.
 * Cron expressions are parsed by Quartz itself, so what passes here is what the scheduler runs.
 */
public final class ScheduleValidator {

    /** The longest {@code catchUpWindowMs}: 366 days, as the longest {@code runTimeoutMs}. */
    public static final long MAX_CATCH_UP_WINDOW_MS = 366L * 24 * 60 * 60 * 1000;
    /** The longest {@code jitterMs}: 366 days. */
    public static final long MAX_JITTER_MS = 366L * 24 * 60 * 60 * 1000;
    /** The largest {@code maxRuns}. */
    public static final long MAX_RUNS = Integer.MAX_VALUE;
    /** The shortest {@code runTimeoutMs}: one second. */
    public static final long MIN_RUN_TIMEOUT_MS = 1_000;
    /** The longest {@code runTimeoutMs}: 366 days. */
    public static final long MAX_RUN_TIMEOUT_MS = 366L * 24 * 60 * 60 * 1000;
    /** The most labels a schedule may carry. */
    public static final int MAX_LABELS = 64;

    private ScheduleValidator() {
    }

    /** Every problem with {@code definition}; empty when it is valid. */
    public static List<Violation> validate(ScheduleDefinition definition) {
        Violations v = new Violations();
        v.id("id", definition.id());
        v.key("taskKey", definition.taskKey());
        v.key("taskType", definition.taskType());
        if (v.required("trigger", definition.trigger())) {
            trigger(v, definition.trigger());
        }
        v.payload("payload", definition.payload());
        v.retry("retry", definition.retry());
        v.durationMs("timeoutMs", definition.timeoutMs());
        Long runTimeoutMs = definition.runTimeoutMs();
        if (runTimeoutMs != null && (runTimeoutMs < MIN_RUN_TIMEOUT_MS || runTimeoutMs > MAX_RUN_TIMEOUT_MS)) {
            v.add("runTimeoutMs", "must be between " + MIN_RUN_TIMEOUT_MS + " and " + MAX_RUN_TIMEOUT_MS
                    + " ms (366 days), was " + runTimeoutMs);
        }
        Long catchUpWindowMs = definition.catchUpWindowMs();
        if (catchUpWindowMs != null && (catchUpWindowMs < 0 || catchUpWindowMs > MAX_CATCH_UP_WINDOW_MS)) {
            v.add("catchUpWindowMs", "must be between 0 and " + MAX_CATCH_UP_WINDOW_MS + " ms (366 days), was " + catchUpWindowMs);
        }
        Long maxRuns = definition.maxRuns();
        if (maxRuns != null && (maxRuns < 1 || maxRuns > MAX_RUNS)) {
            v.add("maxRuns", "must be between 1 and " + MAX_RUNS + ", was " + maxRuns);
        }
        Long jitterMs = definition.jitterMs();
        if (jitterMs != null && (jitterMs < 0 || jitterMs > MAX_JITTER_MS)) {
            v.add("jitterMs", "must be between 0 and " + MAX_JITTER_MS + " ms (366 days), was " + jitterMs);
        }
        pause(v, "pause.", definition.pause());
        labels(v, definition.labels());
        return v.list();
    }

    /** The problems with a schedule id alone (1–200 of {@code [A-Za-z0-9._:-]}, not {@code .} or {@code ..}). */
    public static List<Violation> validateId(String id) {
        Violations v = new Violations();
        v.id("id", id);
        return v.list();
    }

    /** Throws a {@link ValidationException} listing every problem, unless {@code definition} is valid. */
    public static ScheduleDefinition requireValid(ScheduleDefinition definition) {
        List<Violation> problems = validate(definition);
        if (!problems.isEmpty()) {
            throw new ValidationException("schedule", problems);
        }
        return definition;
    }

    private static void trigger(Violations v, Trigger trigger) {
        if (trigger instanceof Trigger.Cron cron) {
            cron(v, cron);
        } else if (trigger instanceof Trigger.Interval interval) {
            if (interval.intervalMs() < TimeBounds.MIN_INTERVAL_MS || interval.intervalMs() > TimeBounds.MAX_INTERVAL_MS) {
                v.add("trigger.intervalMs", "must be between " + TimeBounds.MIN_INTERVAL_MS + " and "
                        + TimeBounds.MAX_INTERVAL_MS + " ms (100 years), was " + interval.intervalMs());
            }
            v.instant("trigger.startAt", interval.startAt());
            v.instant("trigger.endAt", interval.endAt());
            if (interval.startAt() != null && interval.endAt() != null
                    && !interval.endAt().isAfter(interval.startAt())) {
                v.add("trigger.endAt", "must be after startAt (" + interval.startAt() + "), was " + interval.endAt());
            }
        } else if (trigger instanceof Trigger.OneShot oneShot) {
            if (v.required("trigger.at", oneShot.at())) {
                v.instant("trigger.at", oneShot.at());
            }
        }
    }

    private static void cron(Violations v, Trigger.Cron cron) {
        if (v.required("trigger.cron", cron.cron())) {
            try {
                // the text alone; the zone is checked below
                CronExpressions.parse(Trigger.Cron.of(cron.cron()));
            } catch (ParseException e) {
                v.add("trigger.cron", "is not a valid Quartz cron expression (seconds minutes hours "
                        + "day-of-month month day-of-week [year]): " + e.getMessage());
            }
        }
        try {
            ZoneId.of(cron.timeZone());
        } catch (DateTimeException e) {
            v.add("trigger.timeZone", "is not a known time-zone id such as Europe/Berlin or UTC: " + e.getMessage());
        }
        v.instant("trigger.endAt", cron.endAt());
    }

    /** The problems with a pause's note, name and time, named as a pause request's body names them. */
    public static List<Violation> validatePause(Pause pause) {
        Violations v = new Violations();
        pause(v, "", pause);
        return v.list();
    }

    private static void pause(Violations v, String prefix, Pause pause) {
        if (pause == null) {
            return;
        }
        v.maxLength(prefix + "note", pause.note(), Pause.MAX_NOTE_LENGTH);
        v.maxLength(prefix + "by", pause.by(), Pause.MAX_BY_LENGTH);
        v.instant(prefix + "at", pause.at());
    }

    private static void labels(Violations v, Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            v.add("labels", "must have at most " + MAX_LABELS + " entries, had " + labels.size());
        }
        labels.forEach((key, value) -> {
            if (key.isBlank()) {
                v.add("labels", "keys must not be blank");
            }
            v.required("labels." + key, value);
        });
    }
}

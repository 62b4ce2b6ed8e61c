package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.Calendar;
import dev.eventscheduler.model.Pause;
import dev.eventscheduler.model.ScheduleDefinition;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link ScheduleDefinition} and returns every problem at once, each naming its field.
 * Its trigger is checked by {@link TriggerValidator}: what passes here is what the scheduler runs.
 */
public final class ScheduleValidator {

    /** The longest {@code catchUpWindowMs}: 366 days, as the longest {@code runTimeoutMs}. */
    public static final long MAX_CATCH_UP_WINDOW_MS = 366L * 24 * 60 * 60 * 1000;
    /** The longest {@code jitterMs}: 366 days. */
    public static final long MAX_JITTER_MS = 366L * 24 * 60 * 60 * 1000;
    private static final java.util.regex.Pattern BACKFILL_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,40}");
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
            TriggerValidator.validate(v, "trigger", definition.trigger());
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
        if (definition.calendars().size() > Calendar.MAX_PER_SCHEDULE) {
            v.add("calendars", "must name at most " + Calendar.MAX_PER_SCHEDULE + " calendars, named " + definition.calendars().size());
        } else {
            for (int i = 0; i < definition.calendars().size(); i++) {
                v.id("calendars[" + i + "]", definition.calendars().get(i));
            }
        }
        backfill(v, definition.backfill());
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

    /**
     * A backfill's shape: an id, a range in bounds with {@code from} before {@code to}, a count within {@link Backfill#MAX_TIMES}. The count itself is checked
     * against the trigger by the API, which asks for it; the scheduler stops at the bound whatever a
     * record says.
     */
    private static void backfill(Violations v, Backfill backfill) {
        if (backfill == null) {
            return;
        }
        if (v.required("backfill.id", backfill.id()) && !BACKFILL_ID.matcher(backfill.id()).matches()) {
            v.add("backfill.id", "must be 1 to 40 of letters, digits, _ and -, was '" + backfill.id() + "'");
        }
        if (v.required("backfill.from", backfill.from()) & v.required("backfill.to", backfill.to())) {
            v.instant("backfill.from", backfill.from());
            v.instant("backfill.to", backfill.to());
            if (!backfill.to().isAfter(backfill.from())) {
                v.add("backfill.to", "must be after from (" + backfill.from() + "), was " + backfill.to());
            }
        }
        if (backfill.times() < 0 || backfill.times() > Backfill.MAX_TIMES) {
            v.add("backfill.times", "must be between 0 and " + Backfill.MAX_TIMES + ", was " + backfill.times());
        }
        v.instant("backfill.requestedAt", backfill.requestedAt());
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

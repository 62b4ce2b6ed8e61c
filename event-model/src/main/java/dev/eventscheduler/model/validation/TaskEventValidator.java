package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.TaskEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@link TaskEvent} (a one-off event from the API, or one read off the tasks topic after
 * {@link dev.eventscheduler.model.TaskEvents#completeFrom}) and returns every problem at once.
 */
public final class TaskEventValidator {

    private TaskEventValidator() {
    }

    /** Every problem with {@code event}; empty when it is valid. */
    public static List<Violation> validate(TaskEvent event) {
        Violations v = new Violations();
        if (event.eventId() != null) {
            v.key("eventId", event.eventId());
        }
        if (event.scheduleId() != null) {
            v.id("scheduleId", event.scheduleId());
        }
        v.key("taskKey", event.taskKey());
        v.key("taskType", event.taskType());
        v.payload("payload", event.payload());
        if (event.attempt() < 1) {
            v.add("attempt", "must be 1 or more, was " + event.attempt());
        }
        v.instant("scheduledAt", event.scheduledAt());
        v.instant("firedAt", event.firedAt());
        v.instant("notBefore", event.notBefore());
        v.instant("dueAt", event.dueAt());
        v.durationMs("timeoutMs", event.timeoutMs());
        v.retry("retry", event.retry());
        if (event.rerunOf() != null) {
            v.key("rerunOf", event.rerunOf());
        }
        return v.list();
    }

    /**
     * Every problem with a one-off event from outside the scheduler: those of {@link #validate}, and
     * any claim to be a schedule's fire. A scheduled fire's id is {@code <scheduleId>@<epoch ms>}, a
     * manual trigger's {@code <scheduleId>@<epoch ms>-manual} and a record's own
     * {@code <topic>-<partition>@<offset>}: an id with {@code @} could stand in for one of those runs
     * in the history, and a {@code scheduleId} would count the event as the schedule's run.
     */
    public static List<Violation> validateOneOff(TaskEvent event) {
        List<Violation> problems = new ArrayList<>(validate(event));
        if (event.eventId() != null && event.eventId().indexOf('@') >= 0) {
            problems.add(new Violation("eventId", "must not contain '@', which marks the ids the scheduler gives "
                    + "the fires of schedules"));
        }
        if (event.scheduleId() != null) {
            problems.add(new Violation("scheduleId", "must be absent: only the scheduler sets it, on a schedule's "
                    + "fires (use POST /api/schedules/{id}/trigger to fire a schedule now)"));
        }
        if (event.rerunOf() != null) {
            problems.add(new Violation("rerunOf", "must be absent: it is set on a rerun (use POST /api/runs/{eventId}/rerun)"));
        }
        if (event.dueAt() != null) {
            problems.add(new Violation("dueAt", "must be absent: it is set on the fires of a schedule with jitterMs "
                    + "(use notBefore to hold a one-off event back)"));
        }
        return problems;
    }

    /** Throws a {@link ValidationException} listing every problem, unless {@code event} is valid. */
    public static TaskEvent requireValid(TaskEvent event) {
        return require(event, validate(event));
    }

    /** As {@link #requireValid}, for a one-off event from outside the scheduler ({@link #validateOneOff}). */
    public static TaskEvent requireValidOneOff(TaskEvent event) {
        return require(event, validateOneOff(event));
    }

    private static TaskEvent require(TaskEvent event, List<Violation> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException("task event", problems);
        }
        return event;
    }
}

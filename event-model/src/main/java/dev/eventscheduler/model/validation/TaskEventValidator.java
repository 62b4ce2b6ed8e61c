package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.TaskEvent;
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
        v.durationMs("timeoutMs", event.timeoutMs());
        v.retry("retry", event.retry());
        return v.list();
    }

    /** Throws a {@link ValidationException} listing every problem, unless {@code event} is valid. */
    public static TaskEvent requireValid(TaskEvent event) {
        List<Violation> problems = validate(event);
        if (!problems.isEmpty()) {
            throw new ValidationException("task event", problems);
        }
        return event;
    }
}

package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.TaskResult;
import java.util.List;

/**
 * Checks a {@link TaskResult} read off the results topic, where anyone can write: a result without
 * its event id or status says nothing and must not be taken as one.
 */
public final class TaskResultValidator {

    private TaskResultValidator() {
    }

    /** Every problem with {@code result}; empty when it is valid. */
    public static List<Violation> validate(TaskResult result) {
        Violations v = new Violations();
        v.key("eventId", result.eventId());
        v.required("status", result.status());
        if (result.attempt() < 1) {
            v.add("attempt", "must be 1 or more, was " + result.attempt());
        }
        return v.list();
    }

    /** Throws a {@link ValidationException} listing every problem, unless {@code result} is valid. */
    public static TaskResult requireValid(TaskResult result) {
        List<Violation> problems = validate(result);
        if (!problems.isEmpty()) {
            throw new ValidationException("task result", problems);
        }
        return result;
    }
}

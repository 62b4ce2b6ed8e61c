package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.RunControl;
import java.util.List;

/**
 * Checks a {@link RunControl} where it enters: in the client before it is written, and in the
 * executor as it is read off the control topic, where anyone can write. It must be keyed by its
 * event id, name an action, and carry an instant within bounds and a reason of bounded length.
 */
public final class RunControlValidator {

    /** The longest reason kept, in characters. */
    public static final int MAX_REASON_LENGTH = 1_000;

    private RunControlValidator() {
    }

    /** Every problem with {@code control}, read under the record key {@code key}; empty when it is valid. */
    public static List<Violation> validate(RunControl control, String key) {
        Violations v = new Violations();
        v.key("eventId", control.eventId());
        if (control.eventId() != null && !control.eventId().equals(key)) {
            v.add("eventId", "must equal the record key '" + key + "', was '" + control.eventId() + "'");
        }
        v.required("action", control.action());
        if (v.required("requestedAt", control.requestedAt())) {
            v.instant("requestedAt", control.requestedAt());
        }
        validateReason(v, control.reason());
        return v.list();
    }

    /** The problem with a cancel's {@code reason} (null is none), for the API to answer before it asks anything else. */
    public static List<Violation> validateReason(String reason) {
        Violations v = new Violations();
        validateReason(v, reason);
        return v.list();
    }

    private static void validateReason(Violations v, String reason) {
        v.maxLength("reason", reason, MAX_REASON_LENGTH);
    }

    /** Throws a {@link ValidationException} naming every problem, if there is any. */
    public static void requireValid(RunControl control) {
        List<Violation> problems = validate(control, control.eventId());
        if (!problems.isEmpty()) {
            throw new ValidationException("run control", problems);
        }
    }
}

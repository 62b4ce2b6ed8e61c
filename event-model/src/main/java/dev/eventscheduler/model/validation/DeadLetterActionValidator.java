package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.DeadLetterAction;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a {@link DeadLetterAction} read off its topic, where anyone can write: keyed by the dead
 * letter it names, which must be a {@code <partition>@<offset>}; a redrive names its new run; the
 * instant is within bounds.
 */
public final class DeadLetterActionValidator {

    static final Pattern DEAD_LETTER_ID = Pattern.compile("\\d{1,9}@\\d{1,18}");

    private DeadLetterActionValidator() {
    }

    /** Every problem with {@code action}, read under the record key {@code key}; empty when it is valid. */
    public static List<Violation> validate(DeadLetterAction action, String key) {
        Violations v = new Violations();
        if (v.required("deadLetter", action.deadLetter())) {
            if (!DEAD_LETTER_ID.matcher(action.deadLetter()).matches()) {
                v.add("deadLetter", "must be <partition>@<offset>, was '" + abbreviate(action.deadLetter()) + "'");
            } else if (!action.deadLetter().equals(key)) {
                v.add("deadLetter", "must equal the record key '" + abbreviate(String.valueOf(key)) + "'");
            }
        }
        if (v.required("action", action.action()) && action.action() == DeadLetterAction.Kind.REDRIVEN) {
            v.key("eventId", action.eventId());
        }
        if (v.required("at", action.at())) {
            v.instant("at", action.at());
        }
        return v.list();
    }

    private static String abbreviate(String value) {
        return value.length() <= 50 ? value : value.substring(0, 50) + "...";
    }
}

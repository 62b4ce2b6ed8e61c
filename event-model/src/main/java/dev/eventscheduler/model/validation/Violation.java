package dev.eventscheduler.model.validation;

/**
 * One problem with an input: the field it is in (a dotted path such as {@code trigger.cron}, or
 * {@code body} for the document as a whole) and what is wrong with it.
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}

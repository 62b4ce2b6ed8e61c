package dev.eventscheduler.model;

/**
 * The root of every exception the event scheduler throws on purpose. Catch this to handle all of
 * them; the subtypes say what kind of problem it was.
 */
public class EventSchedulerException extends RuntimeException {

    public EventSchedulerException(String message) {
        super(message);
    }

    public EventSchedulerException(String message, Throwable cause) {
        super(message, cause);
    }
}

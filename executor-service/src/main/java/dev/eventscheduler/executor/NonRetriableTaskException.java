package dev.eventscheduler.executor;

/**
 * Thrown by a {@link TaskHandler} when trying again cannot help (bad input, a refused request): the
 * attempt ends {@code FAILED} and the event goes to the dead-letter topic without further attempts.
 */
public class NonRetriableTaskException extends RuntimeException {

    public NonRetriableTaskException(String message) {
        super(message);
    }

    public NonRetriableTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.eventscheduler.scheduler.api;

/** An error answered with its HTTP status, as a problem body. */
final class ApiException extends RuntimeException {

    final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }
}

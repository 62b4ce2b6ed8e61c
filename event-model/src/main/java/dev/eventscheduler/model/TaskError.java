package dev.eventscheduler.model;

/**
 * Why an attempt did not succeed, or why a time was skipped.
 *
 * @param type    a short machine-readable kind, e.g. the exception class or {@code MISFIRE_SKIP}
 * @param message what a person needs to know
 */
public record TaskError(String type, String message) {

    /** The type of the error an executor gives a task whose type no handler of its runs. */
    public static final String UNKNOWN_TASK_TYPE = "UNKNOWN_TASK_TYPE";
    /**
     * The type of the error the scheduler gives a scheduled run that had no final result by its
     * {@link RunDeadline}: it is recorded {@link TaskStatus#TIMED_OUT} and counts as ended.
     */
    public static final String NO_RESULT = "NO_RESULT";

    /** The error describing {@code failure}. */
    public static TaskError of(Throwable failure) {
        return new TaskError(failure.getClass().getName(), String.valueOf(failure.getMessage()));
    }
}

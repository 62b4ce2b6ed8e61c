package dev.eventscheduler.model;

import java.time.Duration;

/**
 * How long after its fire a schedule's run may go without a final result before the scheduler
 * gives it up: then it counts as ended, and is recorded {@link TaskStatus#TIMED_OUT} with the
 * reason {@link TaskError#NO_RESULT}. Without such a deadline, a run whose result never comes (no
 * executor runs its type, or its events outlived retention) would hold a schedule whose overlap
 * policy waits for it for ever.
 *
 * <p>The schedule's {@code runTimeoutMs} when set; otherwise every attempt its retry policy allows
 * at its time limit, the back-offs between them, and {@link #GRACE} for the queue and the
 * results' way back. Where the schedule leaves the time limit or retry policy to the executor,
 * {@link #ASSUMED_EXECUTOR_TIMEOUT} and {@link RetryPolicy#DEFAULT} stand for the executor's defaults.
 */
public final class RunDeadline {

    /** The executor's default time limit per attempt, assumed when a schedule sets no {@code timeoutMs}. */
    public static final Duration ASSUMED_EXECUTOR_TIMEOUT = Duration.ofMinutes(5);
    /** Added to the attempts' time: the wait in the tasks topic and the result's way back. */
    public static final Duration GRACE = Duration.ofMinutes(1);

    private RunDeadline() {
    }

    /** How long a run of {@code definition} may go without a final result after it was fired. */
    public static Duration of(ScheduleDefinition definition) {
        if (definition.runTimeoutMs() != null) {
            return Duration.ofMillis(definition.runTimeoutMs());
        }
        Duration perAttempt = definition.timeoutMs() != null ? Duration.ofMillis(definition.timeoutMs()) : ASSUMED_EXECUTOR_TIMEOUT;
        RetryPolicy retry = definition.retry() != null ? definition.retry() : RetryPolicy.DEFAULT;
        Duration total = perAttempt.multipliedBy(retry.maxAttempts()).plus(GRACE);
        for (int attempt = 2; attempt <= retry.maxAttempts(); attempt++) {
            total = total.plus(retry.backoffBefore(attempt));
        }
        return total;
    }
}

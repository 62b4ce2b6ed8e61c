package dev.eventscheduler.executor.internal;

import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.TaskStatus;

/**
 * Where an attempt leads: the status of the result it is published with. The executor's decision
 * table, in order:
 * <ol>
 * <li>it succeeded: {@code SUCCEEDED};</li>
 * <li>it was cancelled (before it started, or while its handler ran): {@code CANCELLED}, whatever
 *     attempts are left;</li>
 * <li>it failed or timed out, and the retry policy has an attempt after it: {@code RETRY_SCHEDULED};</li>
 * <li>it can never succeed (no handler, an invalid event, a {@code NonRetriableTaskException}, an
 *     output that can never be published): {@code FAILED}, whatever attempts are left;</li>
 * <li>it timed out, and was the last attempt: {@code TIMED_OUT};</li>
 * <li>it failed, and was the last attempt: {@code DEAD_LETTERED}.</li>
 * </ol>
 * Every end but {@code SUCCEEDED} and {@code CANCELLED} also goes to the dead-letter topic. Pure: no Kafka, no clock.
 */
final class AttemptDecision {

    /** What one attempt came to, before the retry policy is asked. */
    enum Kind {
        SUCCEEDED,
        FAILED,
        TIMED_OUT,
        FINAL_FAILURE,
        CANCELLED
    }

    private AttemptDecision() {
    }

    /** The status attempt {@code attempt} (1-based), which came to {@code kind}, is published with under {@code retry}. */
    static TaskStatus statusAfter(Kind kind, int attempt, RetryPolicy retry) {
        if (kind == Kind.SUCCEEDED) {
            return TaskStatus.SUCCEEDED;
        }
        if (kind == Kind.CANCELLED) {
            return TaskStatus.CANCELLED;
        }
        if (kind != Kind.FINAL_FAILURE && retry.hasAttemptAfter(attempt)) {
            return TaskStatus.RETRY_SCHEDULED;
        }
        return switch (kind) {
            case FINAL_FAILURE -> TaskStatus.FAILED;
            case TIMED_OUT -> TaskStatus.TIMED_OUT;
            default -> TaskStatus.DEAD_LETTERED;
        };
    }
}

package dev.eventscheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.executor.internal.AttemptDecision.Kind;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.TaskStatus;
import org.junit.jupiter.api.Test;

/** The executor's decision table for an attempt, row by row, without Kafka or a handler. */
class AttemptDecisionTest {

    private static final RetryPolicy THREE_ATTEMPTS = RetryPolicy.DEFAULT;

    @Test
    void aSuccessIsASuccessOnAnyAttempt() {
        assertThat(AttemptDecision.statusAfter(Kind.SUCCEEDED, 1, THREE_ATTEMPTS)).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(AttemptDecision.statusAfter(Kind.SUCCEEDED, 3, THREE_ATTEMPTS)).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void aFailureOrATimeoutIsTriedAgainWhileAttemptsAreLeft() {
        assertThat(AttemptDecision.statusAfter(Kind.FAILED, 1, THREE_ATTEMPTS)).isEqualTo(TaskStatus.RETRY_SCHEDULED);
        assertThat(AttemptDecision.statusAfter(Kind.TIMED_OUT, 2, THREE_ATTEMPTS)).isEqualTo(TaskStatus.RETRY_SCHEDULED);
    }

    @Test
    void theLastAttemptEndsTheRunDeadLetteredOrTimedOut() {
        assertThat(AttemptDecision.statusAfter(Kind.FAILED, 3, THREE_ATTEMPTS)).isEqualTo(TaskStatus.DEAD_LETTERED);
        assertThat(AttemptDecision.statusAfter(Kind.TIMED_OUT, 3, THREE_ATTEMPTS)).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(AttemptDecision.statusAfter(Kind.FAILED, 1, RetryPolicy.NONE)).isEqualTo(TaskStatus.DEAD_LETTERED);
    }

    @Test
    void whatCanNeverSucceedFailsAtOnceWhateverAttemptsAreLeft() {
        assertThat(AttemptDecision.statusAfter(Kind.FINAL_FAILURE, 1, THREE_ATTEMPTS)).isEqualTo(TaskStatus.FAILED);
        assertThat(AttemptDecision.statusAfter(Kind.FINAL_FAILURE, 3, THREE_ATTEMPTS)).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aCancelledAttemptEndsTheRunCancelledWhateverAttemptsAreLeft() {
        assertThat(AttemptDecision.statusAfter(Kind.CANCELLED, 1, THREE_ATTEMPTS)).isEqualTo(TaskStatus.CANCELLED);
        assertThat(AttemptDecision.statusAfter(Kind.CANCELLED, 3, THREE_ATTEMPTS)).isEqualTo(TaskStatus.CANCELLED);
    }
}

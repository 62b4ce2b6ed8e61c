package dev.eventscheduler.executor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.internal.AttemptDecision.Kind;
import dev.eventscheduler.model.TaskError;
import java.time.Instant;

/**
 * What one attempt came to, before the retry policy decides about it ({@link AttemptDecision}).
 *
 * @param kind      succeeded, failed, timed out, failed for good, or cancelled
 * @param output    the handler's output when it succeeded, else null
 * @param error     what went wrong, else null
 * @param startedAt when the handler started, or null when it was refused before starting
 */
record AttemptOutcome(Kind kind, JsonNode output, TaskError error, Instant startedAt) {
    static AttemptOutcome succeeded(JsonNode output, Instant startedAt) {
        return new AttemptOutcome(Kind.SUCCEEDED, output, null, startedAt);
    }

    static AttemptOutcome failed(TaskError error, Instant startedAt) {
        return new AttemptOutcome(Kind.FAILED, null, error, startedAt);
    }

    static AttemptOutcome timedOut(TaskError error, Instant startedAt) {
        return new AttemptOutcome(Kind.TIMED_OUT, null, error, startedAt);
    }

    static AttemptOutcome finalFailure(TaskError error, Instant startedAt) {
        return new AttemptOutcome(Kind.FINAL_FAILURE, null, error, startedAt);
    }

    /** Stopped by a request: before it started ({@code startedAt} null), or while its handler ran. */
    static AttemptOutcome cancelled(TaskError error, Instant startedAt) {
        return new AttemptOutcome(Kind.CANCELLED, null, error, startedAt);
    }

    /** Refused before it started: no handler ran. */
    static AttemptOutcome finalFailure(TaskError error) {
        return finalFailure(error, null);
    }
}

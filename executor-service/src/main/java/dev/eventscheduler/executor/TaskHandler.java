package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Runs one type of task: the single extension point of the executor. Register an implementation on
 * {@link ExecutorBuilder#handler(TaskHandler)}, or list it in
 * {@code META-INF/services/dev.eventscheduler.executor.TaskHandler} to be found through
 * {@link java.util.ServiceLoader}.
 *
 * <p>The contract:
 * <ul>
 *   <li>{@link #handle} is called once per attempt, on an executor thread, never concurrently for two
 *       events with the same task key; events with different keys run in parallel, so an
 *       implementation must be thread-safe.</li>
 *   <li>Returning ends the attempt {@code SUCCEEDED}, with the returned JSON (may be null) as the
 *       result's output. An output that could never be published (not JSON, or making the result
 *       larger than the producer's {@code max.request.size} less 64 KiB) ends it {@code FAILED}
 *       instead, with error type {@code UNPUBLISHABLE_OUTPUT}.</li>
 *   <li>Throwing fails the attempt. If the event's retry policy has attempts left, the event is
 *       tried again after its back-off ({@code RETRY_SCHEDULED}); otherwise it ends
 *       {@code DEAD_LETTERED} and is written to the dead-letter topic. Throw
 *       {@link NonRetriableTaskException} to end it {@code FAILED} at once.</li>
 *   <li>{@link #handle} runs on a handler thread while the worker waits with the attempt's time
 *       limit. When the attempt runs past it, the handler thread is interrupted and the attempt ends
 *       as timed out, retried like a failure. A handler that ignores interrupts keeps its thread
 *       busy, but the executor moves on. A handler that never blocks can skip that hand-off with
 *       {@link #runsInline()}.</li>
 *   <li>Whether it returns or throws, the record's offset is committed once the attempt's result
 *       has reached Kafka, so an executor crash means the attempt runs again: handlers should be
 *       idempotent, e.g. keyed on {@link TaskContext#eventId()}.</li>
 * </ul>
 */
public interface TaskHandler {

    /**
     * How long an attempt of a {@linkplain #runsInline() inline} handler may run before the handler
     * counts as blocking: its task type then runs on handler threads, under its time limit, for the
     * rest of the executor's life. Far above a non-blocking handler's time and a usual GC pause, so
     * that only real waits trip it.
     */
    Duration INLINE_LIMIT = Duration.ofSeconds(1);

    /** The {@code taskType} this handler runs. */
    String taskType();

    /**
     * Runs one attempt.
     *
     * @return the attempt's JSON output, or null
     * @throws Exception to fail the attempt
     */
    JsonNode handle(TaskContext context) throws Exception;

    /**
     * Whether {@link #handle} may run without a thread of its own: only for handlers that return at
     * once and never block (no I/O, no sleeping, no waiting on locks). Such a handler runs on the
     * executor's consumer thread when no other task of its key is running or waiting, and otherwise
     * on the worker running its key, after the tasks before it. That saves the hand-offs to a worker
     * and to a handler thread, which are most of an executor's cost for such tasks. It gives up the
     * protection of the time limit: the attempt still ends {@code TIMED_OUT} if it ran past its
     * limit, but nothing interrupts it, and until it returns its key waits and, on the consumer
     * thread, so does the reading and dispatching of every other task. An attempt that runs longer
     * than {@link #INLINE_LIMIT} shows the handler blocks: the executor logs a warning and
     * runs its task type on handler threads from then on. Default false.
     */
    default boolean runsInline() {
        return false;
    }
}

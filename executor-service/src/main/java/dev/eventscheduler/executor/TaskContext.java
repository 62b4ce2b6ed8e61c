package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link TaskHandler} gets for one attempt.
 *
 * @param event        the task event, with record defaults filled in (task key, event id, attempt)
 * @param executorId   the executor instance running it
 * @param startedAt    when this attempt began
 * @param timeout      how long it may run before it is interrupted
 * @param cancellation whether the run was asked to stop while this attempt runs
 * @param log          this attempt's log, which operators read in the run's detail
 */
public record TaskContext(TaskEvent event, String executorId, Instant startedAt, Duration timeout,
                          Cancellation cancellation, TaskLog log) {

    /** A context whose run is never cancelled and whose log is read by no one, as a test of a handler may want. */
    public TaskContext(TaskEvent event, String executorId, Instant startedAt, Duration timeout) {
        this(event, executorId, startedAt, timeout, new Cancellation());
    }

    /** A context whose log is read by no one, as a test of a handler may want. */
    public TaskContext(TaskEvent event, String executorId, Instant startedAt, Duration timeout, Cancellation cancellation) {
        this(event, executorId, startedAt, timeout, cancellation,
                new TaskLog(event.eventId(), event.attempt(), executorId, Clock.systemUTC()));
    }

    /** The event's id: the same on every attempt and redelivery, so a key for idempotence. */
    public String eventId() {
        return event.eventId();
    }

    /** The event's payload (may be null). */
    public JsonNode payload() {
        return event.payload();
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return event.attempt();
    }

    /** The instant this attempt is interrupted at. */
    public Instant deadline() {
        return startedAt.plus(timeout);
    }

    /**
     * Whether the run was cancelled while this attempt runs. A handler that loops or waits should
     * look, and stop when it is: its attempt ends {@code CANCELLED} whatever it returns. A handler
     * on a handler thread is interrupted as well; an inline one only sees this flag.
     */
    public boolean isCancelled() {
        return cancellation.isRequested();
    }

    /** Runs {@code callback} when the run is cancelled (at once if it already was), e.g. to abort a request in flight. */
    public void onCancel(Runnable callback) {
        cancellation.onRequest(callback);
    }
}

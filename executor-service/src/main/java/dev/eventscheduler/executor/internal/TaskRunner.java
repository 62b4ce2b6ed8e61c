package dev.eventscheduler.executor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.ExecutorSettings;
import dev.eventscheduler.executor.TaskContext;
import dev.eventscheduler.executor.TaskHandler;
import dev.eventscheduler.executor.internal.AttemptDecision.Kind;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.RunEnd;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one attempt of a task, on a dispatcher worker or, when it cannot block, on the consumer
 * thread, and publishes what became of it: a {@code STARTED} result, then exactly one final
 * result, plus the next attempt on the retry topic or the event on the dead-letter topic, and, when
 * a scheduled run ends, its end on the run-ends topic. A run asked to stop before its attempt
 * starts never starts: it ends {@code CANCELLED} at once, with no retry and no dead letter. The record counts as finished, and its
 * offset may be committed, only when the broker has acknowledged all of those.
 */
final class TaskRunner {

    /** The error type of an event that was read but breaks the contract. */
    static final String INVALID_EVENT_ERROR = "INVALID_EVENT";
    /** The error type of an attempt whose output can never be published: not JSON, or too large. */
    static final String UNPUBLISHABLE_OUTPUT_ERROR = "UNPUBLISHABLE_OUTPUT";
    /** The error type of a record that cannot be read at all. */
    static final String UNREADABLE_ERROR = "UNREADABLE_RECORD";

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final ExecutorSettings settings;
    private final HandlerRegistry handlers;
    private final Publisher publisher;
    private final ExecutorMetrics metrics;
    private final HandlerCalls calls;
    private final Cancellations cancellations;
    private final RunLogs runLogs;
    private final Consumer<Completion> completions;

    TaskRunner(ExecutorSettings settings, HandlerRegistry handlers, Publisher publisher, ExecutorMetrics metrics,
               HandlerCalls calls, Cancellations cancellations, RunLogs runLogs, Consumer<Completion> completions) {
        this.settings = settings;
        this.handlers = handlers;
        this.publisher = publisher;
        this.metrics = metrics;
        this.calls = calls;
        this.cancellations = cancellations;
        this.runLogs = runLogs;
        this.completions = completions;
    }

    /**
     * The handler that runs a readable record's task, looked up once per record; null when the
     * record is refused before any handler runs: it is invalid, or no handler runs its task type.
     */
    TaskHandler handlerFor(PolledRecord polled) {
        return polled.problem() != null ? null : handlers.find(polled.event().taskType());
    }

    /**
     * Whether running the record's attempt with its {@link #handlerFor handler} cannot block: it is
     * refused before any handler runs, or its handler {@linkplain TaskHandler#runsInline() runs
     * inline}. Such an attempt may run on the consumer thread.
     */
    boolean neverBlocks(TaskHandler handler) {
        return handler == null || calls.runsInline(handler);
    }

    /** Runs a readable record's task with its {@link #handlerFor handler}, unless its partition was taken away meanwhile. */
    void run(PartitionWork work, PolledRecord polled, TaskHandler handler) {
        long offset = polled.record().offset();
        if (work.retired) {
            completions.accept(new Completion(work, offset, Completion.State.DROPPED));
            return;
        }
        TaskEvent event = polled.event();
        MDC.put("event", event.eventId());
        MDC.put("schedule", String.valueOf(event.scheduleId()));
        Acks sends = whenAnswered(work, offset, event);
        // registered before anything is published: a stop request already read, or read from now on, reaches it
        RunningAttempt running = polled.problem() == null ? cancellations.started(event.eventId()) : null;
        try {
            AttemptOutcome outcome;
            if (polled.problem() != null) {
                outcome = AttemptOutcome.finalFailure(new TaskError(INVALID_EVENT_ERROR, polled.problem().getMessage()));
            } else if (running.stoppedBy() != null) {
                outcome = HandlerCalls.cancelled(running.stoppedBy(), null); // a queued, retrying or unread run: it never starts
            } else {
                outcome = attempt(event, handler, sends, running);
            }
            settle(event, outcome, polled, sends);
            sends.sealed();
        } catch (InterruptedException e) {
            // the executor is stopping at once: no result, the record is read again by the next owner
            Thread.currentThread().interrupt();
            sends.failed(e);
            sends.sealed();
        } finally {
            if (running != null) {
                cancellations.ended(event.eventId(), running);
            }
            MDC.remove("event");
            MDC.remove("schedule");
        }
    }

    /** A record no one can read: to the dead-letter topic with the reason, and the partition moves on. */
    void deadLetterUnreadable(PartitionWork work, PolledRecord polled) {
        ConsumerRecordRef origin = ConsumerRecordRef.of(polled.record());
        TaskError error = new TaskError(UNREADABLE_ERROR, polled.problem().getMessage());
        log.warn("Unreadable record at {} sent to the dead-letter topic: {}", origin, error.message());
        metrics.unreadable();
        Acks sends = whenAnswered(work, polled.record().offset(), null);
        publisher.deadLetterUnreadable(polled.record(), error, sends.expect());
        sends.sealed();
    }

    private AttemptOutcome attempt(TaskEvent event, TaskHandler handler, Acks sends, RunningAttempt running)
            throws InterruptedException {
        if (handler == null) {
            return AttemptOutcome.finalFailure(new TaskError(TaskError.UNKNOWN_TASK_TYPE, "no handler for task type '"
                    + event.taskType() + "'; this executor runs " + handlers.types()));
        }
        Duration timeout = event.timeoutMs() != null ? Duration.ofMillis(event.timeoutMs()) : settings.defaultTimeout();
        Instant startedAt = settings.clock().instant();
        metrics.counted(event.taskType(), TaskStatus.STARTED);
        if (settings.publishStarted()) {
            publisher.result(result(event, TaskStatus.STARTED, null, null, startedAt, null), sends.expect());
        }
        log.debug("Running task type={} key={} attempt={}", event.taskType(), event.taskKey(), event.attempt());
        long started = System.nanoTime();
        TaskContext context = new TaskContext(event, settings.executorId(), startedAt, timeout, running.cancellation(),
                runLogs.open(event.eventId(), event.attempt()));
        try {
            return calls.call(handler, context, running);
        } finally {
            metrics.handlerRan(event.taskType(), Duration.ofNanos(System.nanoTime() - started));
            runLogs.ended(context.log());
        }
    }

    /**
     * Publishes the attempt's result and, on failure, the next attempt or the dead letter; a result
     * that ends a scheduled run goes with the run's end.
     */
    private void settle(TaskEvent event, AttemptOutcome attempted, PolledRecord polled, Acks sends) {
        Instant now = settings.clock().instant();
        AttemptOutcome outcome = attempted;
        if (attempted.kind() == Kind.SUCCEEDED) {
            TaskResult succeeded = result(event, TaskStatus.SUCCEEDED, attempted.output(), null, attempted.startedAt(), now);
            Publisher.PreparedResult success = publisher.prepare(succeeded);
            if (success.unpublishable() == null) {
                publisher.send(success, sends.expect());
                runEnded(succeeded, polled, sends);
                metrics.counted(event.taskType(), TaskStatus.SUCCEEDED);
                return;
            }
            // a result refused on every try would never let its record finish: it ends FAILED, without its output
            outcome = AttemptOutcome.finalFailure(new TaskError(UNPUBLISHABLE_OUTPUT_ERROR, success.unpublishable()),
                    attempted.startedAt());
        }
        RetryPolicy retry = event.retry() != null ? event.retry() : settings.defaultRetry();
        TaskStatus status = AttemptDecision.statusAfter(outcome.kind(), event.attempt(), retry);
        if (status == TaskStatus.CANCELLED) {
            log.info("Task type={} key={} event={} {}", event.taskType(), event.taskKey(), event.eventId(),
                    outcome.error().message());
        } else if (status == TaskStatus.RETRY_SCHEDULED) {
            Instant notBefore = now.plus(retry.backoffBefore(event.attempt() + 1));
            publisher.retry(event.nextAttempt(notBefore), sends.expect());
            log.debug("Attempt {} failed ({}); attempt {} not before {}", event.attempt(), outcome.error().message(),
                    event.attempt() + 1, notBefore);
        } else {
            publisher.deadLetter(event, outcome.error(), polled.record(), sends.expect());
            log.warn("Task type={} key={} ended {} after attempt {}: {}", event.taskType(), event.taskKey(), status,
                    event.attempt(), outcome.error().message());
        }
        TaskResult result = result(event, status, null, outcome.error(), outcome.startedAt(), now);
        publisher.result(result, sends.expect());
        if (status.endsRun()) {
            runEnded(result, polled, sends);
        }
        metrics.counted(event.taskType(), status);
    }

    /**
     * The end of a valid run that the scheduler fired by its trigger, for the instance that fires its
     * schedule. A record that breaks the contract is no run of a schedule, whatever its
     * {@code scheduleId} says; a manual trigger or a rerun is one, but not the run an overlap policy waits for.
     */
    private void runEnded(TaskResult result, PolledRecord polled, Acks sends) {
        if (polled.problem() == null && polled.event().isScheduledFire()) {
            publisher.runEnd(RunEnd.of(result), sends.expect());
        }
    }

    /** The sends of the record at {@code offset}; once all are answered, the consumer thread hears whether they all got through. */
    private Acks whenAnswered(PartitionWork work, long offset, TaskEvent event) {
        return new Acks(error -> {
            Completion.State state = Completion.State.FINISHED;
            if (error instanceof InterruptedException) {
                // the executor is stopping at once: no result, the record is read again by the next owner
                state = Completion.State.DROPPED;
            } else if (error != null) {
                String what = event == null ? "a record" : "event " + event.eventId();
                metrics.publishFailed();
                log.error("Could not publish the outcome of {} at {}-{}; its partition is read again from it: {}",
                        what, work.partition, offset, error.toString());
                state = Completion.State.UNPUBLISHED;
            }
            completions.accept(new Completion(work, offset, state));
        });
    }

    private TaskResult result(TaskEvent event, TaskStatus status, JsonNode output, TaskError error,
                              Instant startedAt, Instant finishedAt) {
        return new TaskResult(event.eventId(), event.scheduleId(), event.taskKey(), event.taskType(), event.attempt(),
                status, output, error, event.scheduledAt(), startedAt, finishedAt, settings.executorId());
    }

    /** Where a record came from, for log lines. */
    private record ConsumerRecordRef(String topic, int partition, long offset) {
        static ConsumerRecordRef of(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record) {
            return new ConsumerRecordRef(record.topic(), record.partition(), record.offset());
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }
}

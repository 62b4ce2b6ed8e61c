package dev.eventscheduler.executor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.NonRetriableTaskException;
import dev.eventscheduler.executor.TaskContext;
import dev.eventscheduler.executor.TaskHandler;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.TaskError;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Calls a handler for one attempt and says what the call came to: on a handler thread under its
 * time limit, or inline on the calling thread for a handler that never blocks (until one is caught
 * blocking: its type is handed off to handler threads from then on). A stop request that reaches the
 * attempt before the handler ends makes it {@code CANCELLED}, whatever the handler does after.
 */
final class HandlerCalls {

    /** The error type of an attempt that ran past its time limit. */
    static final String TIMEOUT_ERROR = "TIMEOUT";
    /** The error type of a run stopped by a cancel. */
    static final String CANCELLED_ERROR = "CANCELLED";
    /** The error type of a run stopped by a terminate, whose handler was not waited for. */
    static final String TERMINATED_ERROR = "TERMINATED";

    private static final Logger log = LoggerFactory.getLogger(HandlerCalls.class);

    private final ExecutorService handlerThreads;
    /** Task types whose inline handler ran past {@link TaskHandler#INLINE_LIMIT}: they run on handler threads from then on. */
    private final Set<String> handedOffTypes = ConcurrentHashMap.newKeySet();

    HandlerCalls(ExecutorService handlerThreads) {
        this.handlerThreads = handlerThreads;
    }

    /**
     * Whether {@code handler} runs inline: it says it never blocks, and has not been caught blocking.
     * Asked at dispatch and again when the attempt starts, so a type handed off in between runs on a
     * handler thread under its time limit, even where it was dispatched as work that cannot block.
     */
    boolean runsInline(TaskHandler handler) {
        return handler.runsInline() && (handedOffTypes.isEmpty() || !handedOffTypes.contains(handler.taskType()));
    }

    /** Calls {@code handler} with {@code context}, whose cancellation is {@code running}'s. */
    AttemptOutcome call(TaskHandler handler, TaskContext context, RunningAttempt running) throws InterruptedException {
        if (running.stoppedBy() != null) {
            return cancelled(running.stoppedBy(), context); // the request arrived as the attempt began
        }
        long started = System.nanoTime();
        AttemptOutcome outcome = runsInline(handler)
                ? runInline(handler, context, running, started)
                : runOnHandlerThread(handler, context, running);
        RunControl stoppedBy = running.stoppedBy();
        return stoppedBy == null ? outcome : cancelled(stoppedBy, context);
    }

    /** On a handler thread, with the worker waiting at most the timeout: a stuck handler cannot stall its key. */
    private AttemptOutcome runOnHandlerThread(TaskHandler handler, TaskContext context, RunningAttempt running)
            throws InterruptedException {
        Duration timeout = context.timeout();
        Future<JsonNode> call = handlerThreads.submit(() -> {
            if (!running.entered()) {
                return null; // stopped before it began: the handler never runs
            }
            MDC.put("event", context.eventId());
            try (HandlerLogCapture.Scope captured = HandlerLogCapture.capture(context.log())) {
                return handler.handle(context);
            } finally {
                running.end();
                MDC.remove("event");
            }
        });
        running.submitted(call);
        try {
            return AttemptOutcome.succeeded(call.get(timeout.toMillis(), TimeUnit.MILLISECONDS), context.startedAt());
        } catch (TimeoutException e) {
            running.end();
            call.cancel(true);
            return timedOut(timeout, " and was interrupted", context);
        } catch (ExecutionException e) {
            return failed(e.getCause(), context);
        } catch (CancellationException e) {
            return failed(e, context); // terminated: stoppedBy says so
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
    }

    /**
     * On this thread, for a handler that never blocks: nothing interrupts it, but overrunning its
     * limit still times it out, and overrunning {@link TaskHandler#INLINE_LIMIT} hands its type off from now on.
     */
    private AttemptOutcome runInline(TaskHandler handler, TaskContext context, RunningAttempt running, long started) {
        try (HandlerLogCapture.Scope captured = HandlerLogCapture.capture(context.log())) {
            JsonNode output = handler.handle(context);
            running.end();
            return System.nanoTime() - started > context.timeout().toNanos()
                    ? timedOut(context.timeout(), "", context)
                    : AttemptOutcome.succeeded(output, context.startedAt());
        } catch (Exception e) {
            running.end();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return failed(e, context);
        } finally {
            handOffIfItBlocked(handler, context, System.nanoTime() - started);
        }
    }

    /**
     * A handler that blocks while running inline holds up its key and, on the consumer thread,
     * every partition: the first time one is caught at it, its type runs on handler threads, under
     * its time limit, from then on, and the operator is told once.
     */
    private void handOffIfItBlocked(TaskHandler handler, TaskContext context, long ranNanos) {
        if (ranNanos > TaskHandler.INLINE_LIMIT.toNanos() && handedOffTypes.add(handler.taskType())) {
            log.warn("Handler {} for task type '{}' says it runs inline, but its attempt of event {} ran {} ms on {},"
                            + " holding up everything behind it there; its tasks run on handler threads from now on",
                    handler.getClass().getName(), handler.taskType(), context.eventId(),
                    TimeUnit.NANOSECONDS.toMillis(ranNanos), Thread.currentThread().getName());
        }
    }

    /** The outcome of a run stopped by {@code control}; {@code context} is null when it was stopped before it started. */
    static AttemptOutcome cancelled(RunControl control, TaskContext context) {
        boolean terminated = control.action() == RunControl.Action.TERMINATE;
        String how = context == null ? "before it started" : terminated ? "while it ran, without waiting for its handler"
                : "while it ran";
        String message = (terminated ? "terminated " : "cancelled ") + how + " (requested at " + control.requestedAt() + ")"
                + (control.reason() == null ? "" : ": " + control.reason());
        return AttemptOutcome.cancelled(new TaskError(terminated ? TERMINATED_ERROR : CANCELLED_ERROR, message),
                context == null ? null : context.startedAt());
    }

    private static AttemptOutcome timedOut(Duration timeout, String how, TaskContext context) {
        return AttemptOutcome.timedOut(new TaskError(TIMEOUT_ERROR, "ran longer than its time limit of "
                + timeout.toMillis() + " ms" + how), context.startedAt());
    }

    private static AttemptOutcome failed(Throwable cause, TaskContext context) {
        TaskError error = TaskError.of(cause);
        return cause instanceof NonRetriableTaskException
                ? AttemptOutcome.finalFailure(error, context.startedAt())
                : AttemptOutcome.failed(error, context.startedAt());
    }
}

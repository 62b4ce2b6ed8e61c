package dev.eventscheduler.executor.internal;

import dev.eventscheduler.executor.Cancellation;
import dev.eventscheduler.model.RunControl;
import java.util.concurrent.Future;

/**
 * One attempt while it runs, and the one place that decides whether a stop request beat the
 * handler's end: the first of {@link #stop} and {@link #end} wins. A handler that returned or threw
 * before the request arrived keeps its outcome; one that had not yet ends {@code CANCELLED},
 * whatever it does next. Stopping sets the {@link Cancellation} the handler sees, interrupts its
 * handler thread while the handler runs there (never after: the pool thread moves on to other
 * work), and under {@link RunControl.Action#TERMINATE} also stops the wait for it.
 */
final class RunningAttempt {

    private enum State { RUNNING, STOPPED, ENDED }

    private final Cancellation cancellation = new Cancellation();
    /** Guarded by this. */
    private State state = State.RUNNING;
    /** The request that stopped it, once one did. */
    private volatile RunControl stoppedBy;
    /** The handler thread running it, while the handler runs there; guarded by this. */
    private Thread handlerThread;
    /** The handler's future on a handler thread, once submitted; guarded by this. */
    private Future<?> future;

    /** What the handler sees. */
    Cancellation cancellation() {
        return cancellation;
    }

    /** The attempt runs on a handler thread, as {@code future}. */
    synchronized void submitted(Future<?> submitted) {
        this.future = submitted;
        if (state == State.STOPPED && stoppedBy.action() == RunControl.Action.TERMINATE) {
            submitted.cancel(true);
        }
    }

    /** Called on the handler thread as the handler starts there; false when the attempt was stopped before. */
    synchronized boolean entered() {
        if (state != State.RUNNING) {
            return false;
        }
        handlerThread = Thread.currentThread();
        return true;
    }

    /**
     * Called on the thread that ran the handler as soon as it returned or threw; the attempt's
     * outcome is the handler's unless it was stopped first. Clears an interrupt meant for the
     * handler, so the thread's next work does not inherit it.
     */
    synchronized void end() {
        if (state == State.RUNNING) {
            state = State.ENDED;
        }
        if (handlerThread == Thread.currentThread()) {
            handlerThread = null;
            Thread.interrupted();
        }
    }

    /** Stops the attempt, unless its handler already ended. */
    void stop(RunControl control) {
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            state = State.STOPPED;
            stoppedBy = control;
            if (handlerThread != null) {
                handlerThread.interrupt();
            }
            if (future != null && control.action() == RunControl.Action.TERMINATE) {
                future.cancel(true);
            }
        }
        cancellation.request(control.reason());
    }

    /** The request that stopped the attempt before its handler ended, or null: its outcome is the handler's. */
    synchronized RunControl stoppedBy() {
        return state == State.STOPPED ? stoppedBy : null;
    }
}

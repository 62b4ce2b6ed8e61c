package dev.eventscheduler.model.lifecycle;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one lifecycle of every service and loop: {@code NEW → STARTING → RUNNING → DRAINING → CLOSED}.
 * A part that fails to start goes from {@code STARTING} to {@code DRAINING} as it closes what it
 * opened; {@link #drain} may be called from any state, and only its first caller does the closing.
 * Thread-safe: loops read {@link #isRunning} while another thread asks them to drain.
 */
public final class Lifecycle {

    /** Where a service or loop is in its life. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** Opening its parts. */
        STARTING,
        /** Doing its work. */
        RUNNING,
        /** Asked to stop: finishing what it holds (running tasks, an open transaction), then closing its parts. */
        DRAINING,
        /** Stopped for good; it cannot be started again. */
        CLOSED
    }

    private final String name;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    /** A lifecycle for the part called {@code name}, as error messages name it. */
    public Lifecycle(String name) {
        this.name = name;
    }

    /** {@code NEW → STARTING}; a second start, or a start after close, is refused. */
    public void starting() {
        move(State.NEW, State.STARTING);
    }

    /**
     * {@code STARTING → RUNNING}, or {@code NEW → RUNNING} for a loop with nothing to open; false,
     * changing nothing, when it was asked to drain first (a loop stopped before its thread ran).
     */
    public boolean running() {
        if (state.compareAndSet(State.NEW, State.RUNNING) || state.compareAndSet(State.STARTING, State.RUNNING)) {
            return true;
        }
        if (state.get().compareTo(State.DRAINING) >= 0) {
            return false;
        }
        throw new IllegalStateException(name + " is running already");
    }

    /**
     * Moves to {@code DRAINING} from any state before it; true only for the caller that did, which
     * then closes the part and calls {@link #closed}.
     */
    public boolean drain() {
        State now = state.get();
        while (now.compareTo(State.DRAINING) < 0) {
            if (state.compareAndSet(now, State.DRAINING)) {
                return true;
            }
            now = state.get();
        }
        return false;
    }

    /**
     * Drains and closes {@code parts}, then {@code CLOSED}, for the first caller only; true for that
     * caller, false (doing nothing) for a later one. A part that fails to close is thrown once every
     * part is closed, and the state is {@code CLOSED} all the same.
     */
    public boolean close(Resources parts) {
        if (!drain()) {
            return false;
        }
        try {
            parts.close();
        } finally {
            closed();
        }
        return true;
    }

    /** {@code → CLOSED}, once everything is closed. */
    public void closed() {
        state.set(State.CLOSED);
    }

    public State state() {
        return state.get();
    }

    /** Whether it is doing its work: started and not yet asked to stop. */
    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    private void move(State from, State to) {
        if (!state.compareAndSet(from, to)) {
            State now = state.get();
            throw new IllegalStateException(name + " is " + now + (now.compareTo(State.DRAINING) >= 0
                    ? ": it cannot be started again" : ": it can be started only once"));
        }
    }

    @Override
    public String toString() {
        return name + " " + state.get();
    }
}

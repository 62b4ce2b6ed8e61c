package dev.eventscheduler.executor;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether someone asked the run of one attempt to stop ({@code POST /api/runs/{eventId}/cancel},
 * {@code SchedulerClient.cancel}, or an overlap policy). A handler reads it through
 * {@link TaskContext#isCancelled()} or registers a callback with {@link TaskContext#onCancel}; a
 * handler on a handler thread is also interrupted. Once a handler has been told, its attempt ends
 * {@code CANCELLED} whatever it then returns, so a handler that sees it may simply stop. Requested
 * once; thread-safe.
 */
public final class Cancellation {

    private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

    private final List<Runnable> callbacks = new ArrayList<>();
    private volatile boolean requested;
    private volatile String reason;

    /** Whether this attempt was asked to stop. */
    public boolean isRequested() {
        return requested;
    }

    /** Why it was asked to stop, as the request said; null before it was, or when no reason was given. */
    public String reason() {
        return reason;
    }

    /**
     * Runs {@code callback} once when a stop is requested, on the thread that delivers it (keep it
     * short: it must not block), or at once on this thread if one already was.
     */
    public void onRequest(Runnable callback) {
        synchronized (callbacks) {
            if (!requested) {
                callbacks.add(callback);
                return;
            }
        }
        runLogged(callback);
    }

    /**
     * Asks the attempt to stop: sets the flag and runs the callbacks registered so far. Called by the
     * executor when a request for the run arrives; later calls do nothing.
     */
    public void request(String why) {
        List<Runnable> toRun;
        synchronized (callbacks) {
            if (requested) {
                return;
            }
            reason = why;
            requested = true;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(Cancellation::runLogged);
    }

    private static void runLogged(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("A cancellation callback failed", e);
        }
    }
}

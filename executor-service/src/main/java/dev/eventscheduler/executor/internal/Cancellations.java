package dev.eventscheduler.executor.internal;

import dev.eventscheduler.model.RunControl;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which runs were asked to stop, and the attempts running now that such a request reaches. The
 * {@link ControlReader} hands in every request it reads; the task runner registers each record's
 * run before it starts it, which tells it of a request already read, and until its attempt is over;
 * the consumer loop asks about retries it holds back. A request is kept after it was applied, so a
 * redelivery of the same event (after a crash, on a retry) or an event read after the request is
 * stopped too. At most {@value #MAX_KEPT} requests are kept, the oldest dropped first: any producer
 * can write the control topic. Thread-safe.
 */
final class Cancellations {

    /** The most stop requests kept; past it the oldest are forgotten (a week of cancels at one per 6 s). */
    static final int MAX_KEPT = 100_000;
    /** How long the consumer loop waits at start for the requests written before it, before it runs tasks anyway. */
    static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

    private final Map<String, RunControl> requested = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunControl> eldest) {
            return size() > MAX_KEPT;
        }
    };
    private final Map<String, RunningAttempt> running = new HashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    /** A stop request read from the control topic: kept, and passed on to the run's attempt if one runs here. */
    void apply(RunControl control) {
        RunningAttempt attempt;
        synchronized (this) {
            requested.put(control.eventId(), control);
            attempt = running.get(control.eventId());
        }
        if (attempt != null) {
            attempt.stop(control);
        }
    }

    /** The request to stop run {@code eventId}, or null when none was read. */
    synchronized RunControl requested(String eventId) {
        return requested.get(eventId);
    }

    /**
     * Run {@code eventId}'s record is about to run: it is stopped at once if a request is already
     * kept, else when one arrives, until {@link #ended}.
     */
    RunningAttempt started(String eventId) {
        RunningAttempt attempt = new RunningAttempt();
        RunControl already;
        synchronized (this) {
            running.put(eventId, attempt);
            already = requested.get(eventId);
        }
        if (already != null) {
            attempt.stop(already);
        }
        return attempt;
    }

    /** The attempt of run {@code eventId} is over: a request that arrives now is only kept. */
    synchronized void ended(String eventId, RunningAttempt attempt) {
        running.remove(eventId, attempt);
    }

    /** The control topic was read up to where it ended when the executor started. */
    void markLoaded() {
        loaded.countDown();
    }

    /**
     * Waits, at most {@link #LOAD_TIMEOUT} and while {@code keepWaiting} holds, until the requests
     * written before the executor started are read, so that none of their runs starts here first.
     */
    void awaitLoaded(BooleanSupplier keepWaiting) {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        try {
            while (keepWaiting.getAsBoolean() && !loaded.await(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    log.warn("The control topic was not read within {} s of starting; tasks run meanwhile, and a cancel"
                            + " read later stops its run then", LOAD_TIMEOUT.toSeconds());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

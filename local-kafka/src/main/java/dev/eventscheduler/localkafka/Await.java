package dev.eventscheduler.localkafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for what has no event to wait on: a process's ready line, a cluster healed, a service healthy. */
public final class Await {

    /** How often a condition is asked again. */
    public static final long POLL_MS = 200;

    private Await() {
    }

    /**
     * Asks {@code condition} every {@value #POLL_MS} ms until it holds; throws an
     * {@link IllegalStateException} saying "not {@code what} within {@code atMost}" when it does not
     * in time. An exception from the condition ends the wait at once.
     */
    public static void until(String what, Duration atMost, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not " + what + " within " + atMost);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}

package dev.eventscheduler.model.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts a service has opened, closed in the reverse order of opening. Closing goes on past a
 * part that fails: every part is closed, and the first error is thrown with the later ones
 * suppressed on it (Kafka's {@code closeQuietly} habit). A part that takes long to close is named
 * in the log, so a slow shutdown says what it waits for.
 */
public final class Resources implements AutoCloseable {

    /** A part taking longer than this to close is logged by name. */
    private static final long SLOW_CLOSE_NANOS = 1_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(Resources.class);

    private final String owner;
    private final Deque<Part> opened = new ArrayDeque<>();

    /** Parts of {@code owner}, as the log names it. */
    public Resources(String owner) {
        this.owner = owner;
    }

    /** Remembers {@code part}, opened now, under {@code name}; returns it. */
    public synchronized <T extends AutoCloseable> T add(String name, T part) {
        opened.push(new Part(name, part));
        return part;
    }

    /** Closes every part, newest first; throws the first failure, with the rest suppressed on it. */
    @Override
    public void close() {
        RuntimeException first = null;
        Part part;
        while ((part = next()) != null) {
            long started = System.nanoTime();
            log.debug("{}: closing {}", owner, part.name);
            try {
                part.closeable.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("{}: closing {} failed: {}", owner, part.name, e.toString());
                RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("closing " + part.name + " failed", e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
            long took = System.nanoTime() - started;
            if (took > SLOW_CLOSE_NANOS) {
                log.info("{}: {} took {} ms to close", owner, part.name, took / 1_000_000);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private synchronized Part next() {
        return opened.poll();
    }

    private record Part(String name, AutoCloseable closeable) {
    }
}

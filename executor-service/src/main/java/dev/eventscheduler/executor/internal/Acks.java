package dev.eventscheduler.executor.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;

/**
 * The sends one record owes Kafka (its results, and a retry or a dead letter), counted down as the
 * broker answers each, so that the record is reported once: when the last answer is in and no more
 * sends are coming. A counter rather than a future per send, because the producer's one I/O thread
 * runs these callbacks for every result, and completing a chain of futures there took half or more
 * of that thread's Java samples in JFR (see {@code docs/executor-runtime.md}).
 */
final class Acks {

    /** Starts at one for the sends still to be made; {@link #sealed()} gives it back. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final Consumer<Exception> whenAnswered;

    /** @param whenAnswered gets null when every send was acknowledged, else the first error */
    Acks(Consumer<Exception> whenAnswered) {
        this.whenAnswered = whenAnswered;
    }

    /**
     * Counts one more send; the callback returned is that send's, and only its first call counts
     * (the producer may fail a send both by throwing and later through the callback).
     */
    Callback expect() {
        pending.incrementAndGet();
        AtomicBoolean answered = new AtomicBoolean();
        return (metadata, error) -> {
            if (answered.compareAndSet(false, true)) {
                if (error != null) {
                    firstError.compareAndSet(null, error);
                }
                release();
            }
        };
    }

    /** Fails the record without a send, as when the attempt itself was interrupted. */
    void failed(Exception error) {
        firstError.compareAndSet(null, error);
    }

    /** No more sends are coming: reports now if all were answered already, else when the last one is. */
    void sealed() {
        release();
    }

    private void release() {
        if (pending.decrementAndGet() == 0) {
            whenAnswered.accept(firstError.get());
        }
    }
}

package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A handler for cancellation tests. It waits {@code payload.sleepMs}, interruptibly unless
 * {@code payload.ignoreInterrupts}, and records the event ids it was called for, told of a cancel
 * through its callback, and interrupted for. {@link #release()} ends every wait that ignores interrupts.
 */
final class StoppableHandler implements TaskHandler {

    static final String TYPE = "stoppable";

    final Set<String> called = ConcurrentHashMap.newKeySet();
    final Set<String> toldToStop = ConcurrentHashMap.newKeySet();
    final Set<String> interrupted = ConcurrentHashMap.newKeySet();
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public JsonNode handle(TaskContext context) throws InterruptedException {
        called.add(context.eventId());
        context.onCancel(() -> toldToStop.add(context.eventId()));
        long sleepMs = context.payload().path("sleepMs").asLong();
        if (!context.payload().path("ignoreInterrupts").asBoolean()) {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                interrupted.add(context.eventId());
                throw e;
            }
            return null;
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleepMs);
        while (released.getCount() > 0 && System.nanoTime() < until) {
            try {
                released.await(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted.add(context.eventId()); // and carries on regardless
            }
        }
        return null;
    }

    /** Lets every handler that ignores interrupts return. */
    void release() {
        released.countDown();
    }

    /** An inline handler that never blocks on anything but its own flag: it returns once told to stop. */
    static final class Inline implements TaskHandler {
        static final String TYPE = "inline-stoppable";
        final Set<String> sawTheFlag = ConcurrentHashMap.newKeySet();

        @Override
        public String taskType() {
            return TYPE;
        }

        @Override
        public boolean runsInline() {
            return true;
        }

        @Override
        public JsonNode handle(TaskContext context) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!context.isCancelled() && System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            if (context.isCancelled()) {
                sawTheFlag.add(context.eventId());
            }
            return null;
        }
    }
}

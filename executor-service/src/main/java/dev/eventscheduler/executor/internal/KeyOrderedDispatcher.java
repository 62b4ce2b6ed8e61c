package dev.eventscheduler.executor.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs work in parallel while keeping one key's work in order: each key hashes to one of
 * {@code concurrency} single-threaded lanes (named {@code executor-lane-N}), and a lane runs what
 * it is given one after the other. Different keys run in parallel up to the number of lanes, which
 * may be far more than the partitions.
 */
final class KeyOrderedDispatcher implements AutoCloseable {

    private final ExecutorService[] lanes;

    KeyOrderedDispatcher(int concurrency, String threadPrefix) {
        lanes = new ExecutorService[concurrency];
        for (int i = 0; i < concurrency; i++) {
            String name = threadPrefix + "-lane-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /** Queues {@code work} behind everything queued before for {@code key}. */
    void dispatch(String key, Runnable work) {
        lanes[laneOf(key)].execute(work);
    }

    int laneOf(String key) {
        return Math.floorMod(key == null ? 0 : key.hashCode(), lanes.length);
    }

    /** Lets queued work finish within {@code timeout}, then interrupts what is left. */
    void shutdown(Duration timeout) {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ExecutorService lane : lanes) {
            try {
                lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    /** Stops at once, interrupting running work and dropping queued work. */
    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }

    /** A thread factory naming threads {@code prefix-N}, daemon so they never hold the JVM open. */
    static java.util.concurrent.ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

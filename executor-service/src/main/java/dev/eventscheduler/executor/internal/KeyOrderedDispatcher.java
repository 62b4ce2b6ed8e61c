package dev.eventscheduler.executor.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in parallel while keeping one key's work in order: per-key queues on a pool of
 * {@code concurrency} workers (named {@code executor-worker-N}). A key with nothing running goes to
 * the first free worker; work for a key that is already running waits in that key's queue, and the
 * worker running the key takes it next. So any {@code concurrency} keys with work run at once,
 * whichever keys they are, and no two tasks of one key ever do. Work that never blocks, for a key
 * with nothing running or waiting, runs on the calling thread instead, saving the hand-off.
 * {@link #dispatch} is called from one thread only (the consumer thread).
 */
final class KeyOrderedDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyOrderedDispatcher.class);
    /** The queue key of work without a task key: all of it in one order. */
    private static final String NO_KEY = "";

    private final ExecutorService workers;
    /** The keys with work running, each with the work waiting behind it; guarded by itself. */
    private final Map<String, ArrayDeque<Runnable>> busyKeys = new HashMap<>();

    KeyOrderedDispatcher(int concurrency, String threadPrefix) {
        workers = Executors.newFixedThreadPool(concurrency, namedThreads(threadPrefix + "-worker"));
    }

    /**
     * Queues {@code work} behind everything queued before for {@code key}. If the key has nothing
     * running or waiting and the work {@code neverBlocks}, it runs here and now, on the calling
     * thread: for such work the hand-off to a worker costs more than the work itself.
     */
    void dispatch(String key, Runnable work, boolean neverBlocks) {
        String queue = key == null ? NO_KEY : key;
        synchronized (busyKeys) {
            ArrayDeque<Runnable> waiting = busyKeys.get(queue);
            if (waiting != null) {
                waiting.add(work);
                return;
            }
            if (!neverBlocks) {
                busyKeys.put(queue, new ArrayDeque<>());
            }
        }
        if (neverBlocks) {
            // only the calling thread dispatches, so nothing can queue behind this key while it runs
            runLogged(queue, work);
            return;
        }
        try {
            workers.execute(() -> runInOrder(queue, work));
        } catch (RejectedExecutionException e) {
            synchronized (busyKeys) {
                busyKeys.remove(queue);
            }
            throw e;
        }
    }

    /** Runs {@code first}, then whatever queued up behind it for the same key, until none is left. */
    private void runInOrder(String key, Runnable first) {
        Runnable next = first;
        while (next != null) {
            runLogged(key, next);
            synchronized (busyKeys) {
                if (Thread.currentThread().isInterrupted()) {
                    // stopping at once: what waits is dropped, and read again by the partition's next owner
                    busyKeys.remove(key);
                    return;
                }
                next = busyKeys.get(key).poll();
                if (next == null) {
                    busyKeys.remove(key);
                }
            }
        }
    }

    /** Runs {@code work}; a failure is logged, so that neither a worker nor the caller stops over it. */
    private static void runLogged(String key, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("Task work for key={} failed outside its handler", key, e);
        }
    }

    /** Lets running and queued work finish within {@code timeout}, then interrupts what is left. */
    void shutdown(Duration timeout) {
        workers.shutdown();
        try {
            workers.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Stops at once, interrupting running work and dropping queued work. */
    @Override
    public void close() {
        workers.shutdownNow();
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

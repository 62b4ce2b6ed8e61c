package dev.eventscheduler.model.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop on a thread of its own, the way each service runs its consumer loops. Closing asks the loop
 * to stop and joins its thread within a bound, naming the loop in the log when it outlives it; a
 * loop that was never started runs on the closing thread instead, so it still closes what it holds
 * (its consumer) and returns at once, as its lifecycle has drained.
 */
public final class LoopThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoopThread.class);

    private final Thread thread;
    private final Runnable loop;
    private final Runnable askToStop;
    private final Duration stopTimeout;

    /**
     * @param name        the thread's name, as thread dumps and the log show it
     * @param loop        the loop; it returns once asked to stop
     * @param askToStop   asks the loop to stop (and wakes it up), from any thread
     * @param stopTimeout how long {@link #close()} waits for the loop to return
     */
    public LoopThread(String name, Runnable loop, Runnable askToStop, Duration stopTimeout) {
        this.thread = new Thread(loop, name);
        this.loop = loop;
        this.askToStop = askToStop;
        this.stopTimeout = stopTimeout;
    }

    public void start() {
        thread.start();
    }

    /** Whether the thread runs: started and not yet returned. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** Asks the loop to stop and waits for it, at most the stop timeout. */
    @Override
    public void close() throws InterruptedException {
        askToStop.run();
        if (thread.getState() == Thread.State.NEW) {
            loop.run();
            return;
        }
        thread.join(stopTimeout.toMillis());
        if (thread.isAlive()) {
            log.warn("{} did not stop within {} s; closing the rest anyway", thread.getName(), stopTimeout.toSeconds());
        }
    }
}

package dev.eventscheduler.executor.internal;

import dev.eventscheduler.executor.TaskLog;
import dev.eventscheduler.model.RunLogChunk;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where attempts' logs are published: each running attempt's new lines go to the logs topic about
 * once every {@link #FLUSH_INTERVAL}, so the run's detail can tail them, and the rest when the
 * attempt ends. Publishing is best effort: a log that could not be written is counted and warned
 * about, but holds up no task's offset, since running a task again for its log would be worse.
 */
final class RunLogs {

    /** How often the lines of running attempts are published. */
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** At most one warning about unpublished logs per this long. */
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final Logger log = LoggerFactory.getLogger(RunLogs.class);

    private final Publisher publisher;
    private final ExecutorMetrics metrics;
    private final Set<TaskLog> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Callback answered = this::answered;

    RunLogs(Publisher publisher, ExecutorMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** An attempt began: its lines are published from now on. */
    void began(TaskLog attemptLog) {
        running.add(attemptLog);
    }

    /** The attempt ended: what it logged since the last chunk is published as its last. */
    void ended(TaskLog attemptLog) {
        running.remove(attemptLog);
        publish(attemptLog.nextChunk(true));
    }

    /** Publishes the new lines of every running attempt; called every {@link #FLUSH_INTERVAL}. */
    void flush() {
        for (TaskLog attemptLog : running) {
            publish(attemptLog.nextChunk(false));
        }
    }

    private void publish(RunLogChunk chunk) {
        if (chunk != null) {
            publisher.runLog(chunk, answered);
        }
    }

    private void answered(RecordMetadata metadata, Exception error) {
        if (error == null) {
            return;
        }
        metrics.runLogUnpublished();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
            log.warn("Could not publish a run's log lines (the run itself is not affected): {}", error.toString());
        }
    }
}

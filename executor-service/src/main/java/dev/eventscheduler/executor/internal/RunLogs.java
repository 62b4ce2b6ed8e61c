package dev.eventscheduler.executor.internal;

import dev.eventscheduler.executor.TaskLog;
import dev.eventscheduler.model.RunLogChunk;
import java.time.Clock;
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
    private final String executorId;
    private final Clock clock;
    /** The attempts that logged and have not ended. */
    private final Set<TaskLog> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Callback answered = this::answered;

    RunLogs(Publisher publisher, ExecutorMetrics metrics, String executorId, Clock clock) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.executorId = executorId;
        this.clock = clock;
    }

    /**
     * The log of an attempt that begins; its lines are published from its first on. An attempt that
     * logs nothing (a {@code noop}) costs no more than the object.
     */
    TaskLog open(String eventId, int attempt) {
        TaskLog[] opened = new TaskLog[1];
        opened[0] = new TaskLog(eventId, attempt, executorId, clock, () -> running.add(opened[0]));
        return opened[0];
    }

    /** The attempt ended: what it logged since the last chunk is published as its last. */
    void ended(TaskLog attemptLog) {
        RunLogChunk last = attemptLog.nextChunk(true);
        if (last != null) {
            running.remove(attemptLog);
            publish(last);
        }
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

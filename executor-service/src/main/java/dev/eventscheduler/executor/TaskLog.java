package dev.eventscheduler.executor;

import dev.eventscheduler.model.RunLogChunk;
import dev.eventscheduler.model.RunLogChunk.Line;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * One attempt's log, which operators read in the run's detail ({@code GET /api/runs/{eventId}/logs},
 * the dashboard): a handler writes to it through {@link TaskContext#log()}, with SLF4J's
 * {@code {}} placeholders. Lines the handler logs through SLF4J on its task's thread land here too.
 * The executor publishes the lines on the logs topic about once a second while the attempt runs,
 * and the rest when it ends. An attempt keeps at most {@value RunLogChunk#MAX_LINES} lines and
 * {@value RunLogChunk#MAX_BYTES} characters; past that, lines are counted as dropped, and a line
 * longer than {@value RunLogChunk#MAX_LINE_CHARS} characters is cut. These lines do not go to the
 * executor's own log. Thread-safe.
 */
public final class TaskLog {

    private final String eventId;
    private final int attempt;
    private final String executorId;
    private final Clock clock;
    private final Runnable firstLine;
    private final List<Line> pending = new ArrayList<>();
    private int keptLines;
    private long keptChars;
    private int dropped;
    private int droppedPublished;
    private int sequence;
    private boolean ended;

    /** The log of attempt {@code attempt} of run {@code eventId} on executor {@code executorId}, its times from {@code clock}. */
    public TaskLog(String eventId, int attempt, String executorId, Clock clock) {
        this(eventId, attempt, executorId, clock, () -> { });
    }

    /** The same, calling {@code firstLine} once when the first line is added: the executor then starts publishing it. */
    public TaskLog(String eventId, int attempt, String executorId, Clock clock, Runnable firstLine) {
        this.eventId = eventId;
        this.attempt = attempt;
        this.executorId = executorId;
        this.clock = clock;
        this.firstLine = firstLine;
    }

    /** Logs at DEBUG; {@code {}} in {@code format} takes the next argument, a last Throwable argument adds its description. */
    public void debug(String format, Object... arguments) {
        format("DEBUG", format, arguments);
    }

    /** Logs at INFO, formatted as {@link #debug}. */
    public void info(String format, Object... arguments) {
        format("INFO", format, arguments);
    }

    /** Logs at WARN, formatted as {@link #debug}. */
    public void warn(String format, Object... arguments) {
        format("WARN", format, arguments);
    }

    /** Logs at ERROR, formatted as {@link #debug}. */
    public void error(String format, Object... arguments) {
        format("ERROR", format, arguments);
    }

    private void format(String level, String format, Object... arguments) {
        FormattingTuple formatted = MessageFormatter.arrayFormat(format, arguments);
        add(new Line(clock.instant(), level, Line.TASK_LOGGER, withThrowable(formatted.getMessage(), formatted.getThrowable())));
    }

    /** {@code message}, followed by the description of {@code thrown} when there is one. */
    public static String withThrowable(String message, Throwable thrown) {
        return thrown == null ? String.valueOf(message) : message + ": " + thrown;
    }

    /**
     * Adds a line as logged, cutting a long one, or counts it as dropped when the attempt's bounds
     * are reached or it has ended. The executor calls it for a line logged through SLF4J.
     */
    public void add(Line line) {
        boolean first;
        synchronized (this) {
            first = keptLines == 0 && dropped == 0 && !ended;
            keep(line);
        }
        if (first) {
            firstLine.run();
        }
    }

    private void keep(Line line) {
        Line kept = cut(line);
        if (ended || keptLines >= RunLogChunk.MAX_LINES || keptChars + kept.size() > RunLogChunk.MAX_BYTES) {
            dropped++;
            return;
        }
        pending.add(kept);
        keptLines++;
        keptChars += kept.size();
    }

    private static Line cut(Line line) {
        String logger = line.logger() != null && line.logger().length() > Line.MAX_LOGGER_CHARS
                ? line.logger().substring(0, Line.MAX_LOGGER_CHARS) : line.logger();
        String message = line.message() != null && line.message().length() > RunLogChunk.MAX_LINE_CHARS
                ? line.message().substring(0, RunLogChunk.MAX_LINE_CHARS) + RunLogChunk.CUT_MARK : line.message();
        return new Line(line.at(), line.level(), logger, message);
    }

    /**
     * The lines logged since the last chunk, as the next chunk to publish; {@code last} ends the log,
     * and no line is kept after it. Null when there is nothing to publish: no new line nor drop,
     * and, for the last, no chunk published before either (an attempt that logged nothing publishes nothing).
     */
    public synchronized RunLogChunk nextChunk(boolean last) {
        if (ended) {
            return null;
        }
        ended = last;
        boolean news = !pending.isEmpty() || dropped != droppedPublished;
        if (!news && !(last && sequence > 0)) {
            return null;
        }
        RunLogChunk chunk = new RunLogChunk(eventId, attempt, executorId, sequence++, pending, dropped, last);
        pending.clear();
        droppedPublished = dropped;
        return chunk;
    }

    /** The run's event id. */
    public String eventId() {
        return eventId;
    }
}

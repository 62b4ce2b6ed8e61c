package dev.eventscheduler.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A piece of one attempt's log, on the {@code scheduler.logs} topic keyed by the run's event id.
 * The executor running the attempt publishes the lines its handler logged (through
 * {@code TaskContext.log()}, or through SLF4J on the task's thread) about once a second while it
 * runs, and what is left when it ends, marked {@code last}. An attempt that logs nothing publishes
 * nothing. An attempt keeps at most {@value #MAX_LINES} lines and {@value #MAX_BYTES} bytes of
 * text; what it logs past that is counted in {@code droppedLines}, not kept.
 *
 * @param eventId      the run's event id, and the record key
 * @param attempt      the attempt, 1 for the first
 * @param executorId   the executor instance that ran it
 * @param sequence     0 for an attempt's first chunk, then 1, 2, ...: a run of the same attempt
 *                     started again (its executor died and another took its task) starts again at 0
 * @param lines        the lines logged since the chunk before, oldest first
 * @param droppedLines lines this attempt logged past its bounds so far
 * @param last         whether the attempt had ended: no chunk follows
 */
public record RunLogChunk(String eventId, int attempt, String executorId, int sequence, List<Line> lines,
                          int droppedLines, boolean last) {

    /** The most lines one attempt keeps. */
    public static final int MAX_LINES = 1_000;
    /** The most characters of text one attempt keeps (counted as UTF-16 characters, about bytes for log text). */
    public static final int MAX_BYTES = 64 * 1024;
    /** The longest line kept whole; a longer one is cut, and ends with {@link #CUT_MARK}. */
    public static final int MAX_LINE_CHARS = 8 * 1024;
    /** The end of a line cut to {@link #MAX_LINE_CHARS}. */
    public static final String CUT_MARK = " [cut]";

    public RunLogChunk {
        // a copy that keeps a null line, which a record from outside may hold, for the validator to name
        lines = lines == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(lines));
    }

    /**
     * One log line.
     *
     * @param at      when it was logged
     * @param level   {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
     * @param logger  the SLF4J logger's name, or {@code task} for a line of {@code TaskContext.log()}
     * @param message the formatted message, with the first line of an exception's description when there was one
     */
    public record Line(Instant at, String level, String logger, String message) {

        /** The levels a line may have. */
        public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
        /** The logger name of a line written through {@code TaskContext.log()}. */
        public static final String TASK_LOGGER = "task";
        /** The longest logger name kept. */
        public static final int MAX_LOGGER_CHARS = 200;

        /** The characters the line counts against an attempt's {@link #MAX_BYTES}. */
        public int size() {
            return (logger == null ? 0 : logger.length()) + (message == null ? 0 : message.length());
        }
    }
}

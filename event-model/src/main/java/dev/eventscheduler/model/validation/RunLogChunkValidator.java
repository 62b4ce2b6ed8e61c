package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.RunLogChunk;
import java.util.List;

/**
 * Checks a {@link RunLogChunk} read off the logs topic, where anyone can write: keyed by its event
 * id, an attempt and a sequence in range, and no more lines, nor longer ones, than an attempt may
 * keep, each with a level and an instant within bounds. The tracker passes over one that does not.
 */
public final class RunLogChunkValidator {

    /** The highest attempt number accepted: far past any retry policy in use, short of overflow. */
    public static final int MAX_ATTEMPT = 1_000_000;

    private RunLogChunkValidator() {
    }

    /** Every problem with {@code chunk}, read under the record key {@code key}; empty when it is valid. */
    public static List<Violation> validate(RunLogChunk chunk, String key) {
        Violations v = new Violations();
        v.key("eventId", chunk.eventId());
        if (chunk.eventId() != null && !chunk.eventId().equals(key)) {
            v.add("eventId", "must equal the record key '" + key + "', was '" + chunk.eventId() + "'");
        }
        if (chunk.attempt() < 1 || chunk.attempt() > MAX_ATTEMPT) {
            v.add("attempt", "must be 1 to " + MAX_ATTEMPT + ", was " + chunk.attempt());
        }
        v.key("executorId", chunk.executorId());
        if (chunk.sequence() < 0) {
            v.add("sequence", "must not be negative, was " + chunk.sequence());
        }
        if (chunk.droppedLines() < 0) {
            v.add("droppedLines", "must not be negative, was " + chunk.droppedLines());
        }
        if (chunk.lines().size() > RunLogChunk.MAX_LINES) {
            v.add("lines", "must hold at most " + RunLogChunk.MAX_LINES + " lines, held " + chunk.lines().size());
            return v.list();
        }
        for (int i = 0; i < chunk.lines().size(); i++) {
            line(v, "lines[" + i + "]", chunk.lines().get(i));
        }
        return v.list();
    }

    private static void line(Violations v, String field, RunLogChunk.Line line) {
        if (line == null) {
            v.add(field, "must be a line");
            return;
        }
        if (v.required(field + ".at", line.at())) {
            v.instant(field + ".at", line.at());
        }
        if (v.required(field + ".level", line.level()) && !RunLogChunk.Line.LEVELS.contains(line.level())) {
            v.add(field + ".level", "must be one of " + RunLogChunk.Line.LEVELS + ", was '" + line.level() + "'");
        }
        v.maxLength(field + ".logger", line.logger(), RunLogChunk.Line.MAX_LOGGER_CHARS);
        v.required(field + ".message", line.message());
        v.maxLength(field + ".message", line.message(), RunLogChunk.MAX_LINE_CHARS + RunLogChunk.CUT_MARK.length());
    }

    /** Throws a {@link ValidationException} naming every problem, if there is any. */
    public static RunLogChunk requireValid(RunLogChunk chunk, String key) {
        List<Violation> problems = validate(chunk, key);
        if (!problems.isEmpty()) {
            throw new ValidationException("run log chunk", problems);
        }
        return chunk;
    }
}

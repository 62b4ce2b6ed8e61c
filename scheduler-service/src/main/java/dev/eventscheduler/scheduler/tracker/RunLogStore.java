package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.RunLogChunk;
import dev.eventscheduler.model.RunLogChunk.Line;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The logs of the newest runs, as the executors published them ({@link RunLogChunk}), for
 * {@code GET /api/runs/{eventId}/logs}. Bounded however the logs topic is written: each attempt
 * keeps what an executor would ({@value RunLogChunk#MAX_LINES} lines, {@value RunLogChunk#MAX_BYTES}
 * characters; the rest counted as dropped), each run its newest {@value #MAX_ATTEMPTS_KEPT}
 * attempts, and all runs together about {@code maxChars} characters: past that, the runs whose logs
 * began first are forgotten. Thread-safe.
 */
public final class RunLogStore {

    /** About how many characters of log lines are kept in all, by default (some 64 MB of memory at most). */
    public static final long DEFAULT_MAX_CHARS = 32L * 1024 * 1024;
    /** The most attempts of one run whose logs are kept: the newest. */
    public static final int MAX_ATTEMPTS_KEPT = 20;
    /** What a line and a run count besides their text, for their objects. */
    static final int LINE_OVERHEAD = 64;
    static final int RUN_OVERHEAD = 256;

    private final long maxChars;
    /** By event id, the run whose log began first first. */
    private final LinkedHashMap<String, TreeMap<Integer, AttemptLines>> runs = new LinkedHashMap<>();
    private long used;

    public RunLogStore() {
        this(DEFAULT_MAX_CHARS);
    }

    /** A store keeping about {@code maxChars} characters of log lines in all. */
    public RunLogStore(long maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1, was " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /**
     * One attempt's log as kept.
     *
     * @param attempt      1 for the first
     * @param executorId   the executor that ran it (the last, if it ran again elsewhere)
     * @param lines        its lines, oldest first
     * @param droppedLines lines it logged past its bounds
     * @param complete     whether the attempt had ended: no more lines will come
     */
    public record AttemptLog(int attempt, String executorId, List<Line> lines, int droppedLines, boolean complete) {
    }

    /** Adds a chunk that passed {@code RunLogChunkValidator}. */
    public synchronized void read(RunLogChunk chunk) {
        TreeMap<Integer, AttemptLines> attempts = runs.get(chunk.eventId());
        if (attempts == null) {
            attempts = new TreeMap<>();
            runs.put(chunk.eventId(), attempts);
            used += RUN_OVERHEAD;
        }
        AttemptLines attempt = attempts.get(chunk.attempt());
        if (attempt != null && chunk.sequence() == 0 && attempt.nextSequence > 0) {
            // the attempt ran again (its executor died and another took its task): the newest run of it counts
            used -= attempt.chars;
            attempt = null;
        }
        if (attempt == null) {
            attempt = new AttemptLines();
            attempts.put(chunk.attempt(), attempt);
        } else if (chunk.sequence() < attempt.nextSequence) {
            return; // already read
        }
        used += attempt.add(chunk);
        while (attempts.size() > MAX_ATTEMPTS_KEPT) {
            used -= attempts.pollFirstEntry().getValue().chars;
        }
        forgetOldestWhileOver();
    }

    private void forgetOldestWhileOver() {
        Iterator<Map.Entry<String, TreeMap<Integer, AttemptLines>>> oldest = runs.entrySet().iterator();
        while (used > maxChars && oldest.hasNext()) {
            TreeMap<Integer, AttemptLines> run = oldest.next().getValue();
            used -= RUN_OVERHEAD + run.values().stream().mapToLong(a -> a.chars).sum();
            oldest.remove();
        }
    }

    /** The kept logs of run {@code eventId}, by attempt; empty when none are kept. */
    public synchronized List<AttemptLog> of(String eventId) {
        TreeMap<Integer, AttemptLines> attempts = runs.get(eventId);
        if (attempts == null) {
            return List.of();
        }
        List<AttemptLog> logs = new ArrayList<>();
        attempts.forEach((number, a) -> logs.add(new AttemptLog(number, a.executorId, List.copyOf(a.lines), a.dropped(),
                a.complete)));
        logs.sort(Comparator.comparingInt(AttemptLog::attempt));
        return logs;
    }

    /** How many runs have logs kept. */
    public synchronized int size() {
        return runs.size();
    }

    /** About how many characters the kept logs count against the bound. */
    synchronized long used() {
        return used;
    }

    /** One attempt's lines, as the chunks read so far give them. */
    private static final class AttemptLines {
        private final List<Line> lines = new ArrayList<>();
        private String executorId;
        private long chars;
        private int textChars;
        /** Lines the executor said it dropped, and lines dropped here past an attempt's bounds. */
        private int droppedByExecutor;
        private long droppedHere;
        private int nextSequence;
        private boolean complete;

        /** Adds the chunk's lines within an attempt's bounds; returns the characters this added. */
        long add(RunLogChunk chunk) {
            long before = chars;
            executorId = chunk.executorId();
            nextSequence = chunk.sequence() + 1;
            complete = complete || chunk.last();
            for (Line line : chunk.lines()) {
                if (lines.size() >= RunLogChunk.MAX_LINES || textChars + line.size() > RunLogChunk.MAX_BYTES) {
                    droppedHere++;
                    continue;
                }
                lines.add(line);
                textChars += line.size();
                chars += line.size() + LINE_OVERHEAD;
            }
            droppedByExecutor = Math.max(droppedByExecutor, chunk.droppedLines());
            return chars - before;
        }

        int dropped() {
            return (int) Math.min(Integer.MAX_VALUE, droppedByExecutor + droppedHere);
        }
    }
}

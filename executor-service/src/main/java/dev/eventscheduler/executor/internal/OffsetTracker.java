package dev.eventscheduler.executor.internal;

import java.util.TreeSet;

/**
 * Which offsets of one partition are finished, so that a commit never passes an unfinished record.
 * Records are started in offset order and may finish in any order; the committable offset is the
 * lowest one not finished yet. Used by the consumer thread only.
 */
final class OffsetTracker {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long nextAfterFinished = -1;
    private long committed = -1;

    void started(long offset) {
        unfinished.add(offset);
    }

    void finished(long offset) {
        unfinished.remove(offset);
        nextAfterFinished = Math.max(nextAfterFinished, offset + 1);
    }

    /** The offset to commit (the next record to read): every record before it has finished; -1 for none. */
    long committable() {
        return unfinished.isEmpty() ? nextAfterFinished : unfinished.first();
    }

    /** Whether {@link #committable()} has moved past the last commit. */
    boolean hasNewCommit() {
        long offset = committable();
        return offset >= 0 && offset > committed;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    int unfinishedCount() {
        return unfinished.size();
    }
}

package dev.eventscheduler.model;

import java.time.Instant;

/**
 * How far a schedule's latest {@link Backfill} has got, in its trigger state, written in the same
 * transaction as the fires and skips it counts.
 *
 * @param id       the backfill
 * @param lastTime the latest time of its range fired or skipped
 * @param fired    how many of its times have fired
 * @param skipped  how many of its times its overlap policy skipped (0 when absent)
 * @param done     every time of its range has fired or been skipped (or {@value Backfill#MAX_TIMES} have)
 */
public record BackfillProgress(String id, Instant lastTime, long fired, long skipped, boolean done) {

    /** The progress after firing ({@code fired}) or skipping {@code time} of backfill {@code id}, the last one when {@code last}. */
    static BackfillProgress after(BackfillProgress before, String id, Instant time, boolean fired, boolean last) {
        boolean same = before != null && before.id().equals(id);
        long firedBefore = same ? before.fired() : 0;
        long skippedBefore = same ? before.skipped() : 0;
        return new BackfillProgress(id, time, firedBefore + (fired ? 1 : 0), skippedBefore + (fired ? 0 : 1), last);
    }

    /**
     * Whether it could have been written by a scheduler: an id, a last time within {@link TimeBounds},
     * counts not below zero nor past {@value Backfill#MAX_TIMES}. Any producer can write the
     * trigger-state topic; progress that is not is read as none, so its backfill starts over.
     */
    public boolean wellFormed() {
        return id != null && lastTime != null && TimeBounds.contains(lastTime) && fired >= 0 && skipped >= 0
                && decided() <= Backfill.MAX_TIMES;
    }

    /** How many of its times have been fired or skipped. */
    public long decided() {
        return fired + skipped;
    }
}

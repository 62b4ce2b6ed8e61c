package dev.eventscheduler.model;

import java.time.Instant;

/**
 * How far a schedule's latest {@link Backfill} has fired, in its trigger state, written in the same
 * transaction as those fires.
 *
 * @param id       the backfill
 * @param lastTime the latest time of its range fired
 * @param fired    how many of its times have fired
 * @param done     every time of its range has fired (or {@value Backfill#MAX_TIMES} have)
 */
public record BackfillProgress(String id, Instant lastTime, long fired, boolean done) {

    /** The progress after firing {@code time} of backfill {@code id}, the last one when {@code last}. */
    static BackfillProgress after(BackfillProgress before, String id, Instant time, boolean last) {
        long fired = before != null && before.id().equals(id) ? before.fired() + 1 : 1;
        return new BackfillProgress(id, time, fired, last);
    }
}

package dev.eventscheduler.model;

import java.time.Instant;

/**
 * A request to fire every time a schedule's trigger had in {@code [from, to)}, once each, in order
 * (Temporal's backfill). It is kept on the schedule's definition ({@code POST /api/schedules/{id}/backfill}
 * writes it there) and carried out by the instance that fires the schedule, which records how far it
 * got in the schedule's trigger state with each transaction of fires, so a restart or a take-over
 * goes on where it stopped. Its fires have event ids of their own ({@link TaskEvent#backfillEventId}),
 * so they never collide with the regular fires of the same times.
 *
 * @param id          names this backfill in its event ids; 1–40 of {@code [A-Za-z0-9_-]}
 * @param from        the first instant of the range, included
 * @param to          the end of the range, excluded; after {@code from}
 * @param overlap     what its times do, which all come due at once, each while the one before it
 *                    runs (the scheduler does not wait for a backfill's runs to end):
 *                    {@link OverlapPolicy#BUFFER_ALL} (default) fires each, keyed by the schedule's
 *                    task key, so the executors run them one after another in order;
 *                    {@link OverlapPolicy#ALLOW_ALL} fires each at once, keyed by its event id;
 *                    {@link OverlapPolicy#SKIP} fires the first and skips the rest;
 *                    {@link OverlapPolicy#BUFFER_ONE} fires the first two (the second runs after the
 *                    first) and skips the rest; {@link OverlapPolicy#CANCEL_OTHER} the same, the second
 *                    cancelling the first; {@link OverlapPolicy#TERMINATE_OTHER} fires each,
 *                    terminating the one before, so the last runs to its end
 * @param times       how many times the range held when it was asked for (at most {@value #MAX_TIMES})
 * @param requestedAt when it was asked for
 */
public record Backfill(String id, Instant from, Instant to, OverlapPolicy overlap, long times, Instant requestedAt) {

    /** The most times one backfill fires. */
    public static final int MAX_TIMES = 100_000;

    public Backfill {
        if (overlap == null) {
            overlap = OverlapPolicy.BUFFER_ALL;
        }
    }

    /** {@code progress} when it is this backfill's (a trigger state may still hold an earlier one's); null otherwise. */
    public BackfillProgress progressIn(BackfillProgress progress) {
        return progress != null && progress.id().equals(id) ? progress : null;
    }

    /** Whether {@code progress} shows this backfill done. */
    public boolean doneBy(BackfillProgress progress) {
        BackfillProgress own = progressIn(progress);
        return own != null && own.done();
    }
}

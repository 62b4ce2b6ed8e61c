package dev.eventscheduler.model;

import java.time.Instant;

/**
 * What was done with a record of the dead-letter topic, on {@code scheduler.dead-letter-actions}
 * keyed by the dead letter's id ({@code <partition>@<offset>} in the dead-letter topic): it was
 * redriven (its task published again as a new run) or discarded (it stays on the topic, but is no
 * longer listed as waiting). Every scheduler instance reads them all, so each lists the same.
 *
 * @param deadLetter the dead letter's id, and the record key
 * @param action     what was done
 * @param eventId    for {@link Kind#REDRIVEN}, the event id of the new run; null otherwise
 * @param at         when
 */
public record DeadLetterAction(String deadLetter, Kind action, String eventId, Instant at) {

    /** What was done with a dead letter. */
    public enum Kind {
        /** Its task was published again, as a new run. */
        REDRIVEN,
        /** It was set aside: listed no more as waiting, never redriven. */
        DISCARDED
    }

    /** The id of the dead letter at {@code offset} of partition {@code partition}. */
    public static String deadLetterId(int partition, long offset) {
        return partition + "@" + offset;
    }
}

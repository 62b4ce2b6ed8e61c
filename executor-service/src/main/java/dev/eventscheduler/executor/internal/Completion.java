package dev.eventscheduler.executor.internal;

/**
 * A dispatcher worker or producer callback telling the consumer thread that a dispatched record is done with.
 *
 * @param work   the partition it came from
 * @param offset its offset
 * @param state  how it ended, which decides what becomes of its offset
 */
record Completion(PartitionWork work, long offset, State state) {

    /** How a dispatched record ended. */
    enum State {
        /** Everything it owed Kafka (results, retry, dead letter) was acknowledged: its offset may be committed. */
        FINISHED,
        /** Dropped: its partition's work was retired, or its handler was interrupted by shutdown. The next owner reads it. */
        DROPPED,
        /** A send it owed Kafka failed: its partition is read again from it, after a back-off. */
        UNPUBLISHED
    }
}

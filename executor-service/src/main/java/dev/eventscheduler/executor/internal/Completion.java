package dev.eventscheduler.executor.internal;

/**
 * A dispatcher worker or producer callback telling the consumer thread that a dispatched record is done with.
 *
 * @param work     the partition it came from
 * @param offset   its offset
 * @param finished true when everything it owed Kafka (results, retry, dead letter) was acknowledged,
 *                 so its offset may be committed; false when it was dropped (partition revoked) or
 *                 a publish failed, so it must be read again
 */
record Completion(PartitionWork work, long offset, boolean finished) {
}

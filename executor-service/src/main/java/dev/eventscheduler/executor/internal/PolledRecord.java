package dev.eventscheduler.executor.internal;

import dev.eventscheduler.model.TaskEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record as read, decoded once: either a task event or the reason it could not be read.
 *
 * @param record  the raw record
 * @param event   the decoded event with record defaults filled in, or null
 * @param problem why it could not be decoded or is invalid, or null
 */
record PolledRecord(ConsumerRecord<String, byte[]> record, TaskEvent event, Exception problem) {

    /** Whether this record may not run yet: a retry whose back-off has not passed. */
    boolean notDueAt(java.time.Instant now) {
        return event != null && event.notBefore() != null && event.notBefore().isAfter(now);
    }
}

package dev.eventscheduler.executor.internal;

import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskEvents;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.validation.TaskEventValidator;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record as read, decoded once: either a task event or the reason it could not be read.
 *
 * @param record  the raw record
 * @param event   the decoded event with record defaults filled in, or null
 * @param problem why it could not be decoded or is invalid, or null
 */
record PolledRecord(ConsumerRecord<String, byte[]> record, TaskEvent event, Exception problem) {

    /**
     * Decodes {@code record}: whatever any producer wrote, this returns, with the event or the
     * problem (unreadable, a tombstone, or an event that breaks the contract).
     */
    static PolledRecord read(ConsumerRecord<String, byte[]> record, TaskEventDeserializer deserializer) {
        TaskEvent event;
        try {
            TaskEvent read = deserializer.deserialize(record.topic(), record.headers(), record.value());
            if (read == null) {
                return new PolledRecord(record, null, new IllegalArgumentException("record has no value (a tombstone)"));
            }
            event = TaskEvents.completeFrom(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                    record.key(), read));
        } catch (RuntimeException e) {
            return new PolledRecord(record, null, e);
        }
        List<Violation> problems = TaskEventValidator.validate(event);
        return new PolledRecord(record, event, problems.isEmpty() ? null : new ValidationException("task event", problems));
    }

    /** Whether this record may not run yet: a retry whose back-off has not passed. */
    boolean notDueAt(Instant now) {
        return event != null && event.notBefore() != null && event.notBefore().isAfter(now);
    }
}

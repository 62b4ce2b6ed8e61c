package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.DeadLetterAction;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.validation.TaskEventValidator;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of the dead-letter topic as the tracker lists it: where it is, what the executor said
 * went wrong (its {@code dlq-*} headers), and, when its value is a valid task event, which task it
 * was. Only such a record is {@code redrivable}; one that cannot be read or breaks the contract can
 * only be looked at (its original bytes) and discarded. Immutable.
 *
 * @param id             {@code <partition>@<offset>} in the dead-letter topic
 * @param deadLetteredAt the record's timestamp
 * @param eventId        the task's event id; null when the value is no task event
 * @param attempt        the attempt that ended in the dead letter; 0 when unknown
 * @param redrivable     the value is a valid task event, which may be published again
 * @param action         what was done with it since; null while it waits
 * @param redrivenAs     the event id of the run it was redriven as; null unless redriven
 * @param actionAt       when the action was taken; null while it waits
 */
public record DeadLetter(String id, int partition, long offset, Instant deadLetteredAt, String key, String eventId,
                         String scheduleId, String taskType, int attempt, String errorType, String errorMessage,
                         String originTopic, boolean redrivable, DeadLetterAction.Kind action, String redrivenAs,
                         Instant actionAt) {

    /** The longest error message kept, in characters: the header is any producer's to fill. */
    static final int MAX_MESSAGE_CHARS = 2_000;

    /** Reads a record of the dead-letter topic, whatever any producer wrote; never throws for its content. */
    static DeadLetter of(ConsumerRecord<String, byte[]> record, TaskEventDeserializer deserializer) {
        TaskEvent event = null;
        boolean valid = false;
        try {
            event = record.value() == null ? null : deserializer.deserialize(record.topic(), record.headers(), record.value());
            valid = event != null && event.eventId() != null && TaskEventValidator.validate(event).isEmpty();
        } catch (RuntimeException e) {
            // unreadable: listed with its bytes, never redriven
        }
        String message = EventHeaders.lastValue(record.headers(), EventHeaders.DLQ_ERROR_MESSAGE);
        return new DeadLetter(DeadLetterAction.deadLetterId(record.partition(), record.offset()), record.partition(),
                record.offset(), Instant.ofEpochMilli(Math.max(0, record.timestamp())), clip(record.key()),
                event == null ? null : clip(event.eventId()), event == null ? null : clip(event.scheduleId()),
                event == null ? null : clip(event.taskType()), event == null ? 0 : event.attempt(),
                clip(EventHeaders.lastValue(record.headers(), EventHeaders.DLQ_ERROR_TYPE)), clip(message),
                clip(EventHeaders.lastValue(record.headers(), EventHeaders.DLQ_ORIGIN_TOPIC)), valid, null, null, null);
    }

    /** This dead letter after {@code taken}. */
    DeadLetter after(DeadLetterAction taken) {
        return new DeadLetter(id, partition, offset, deadLetteredAt, key, eventId, scheduleId, taskType, attempt, errorType,
                errorMessage, originTopic, redrivable, taken.action(), taken.eventId(), taken.at());
    }

    private static String clip(String value) {
        return value == null || value.length() <= MAX_MESSAGE_CHARS ? value : value.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}

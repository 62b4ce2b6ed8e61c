package dev.eventscheduler.model;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Helpers for reading {@link TaskEvent}s off Kafka. */
public final class TaskEvents {

    private TaskEvents() {
    }

    /**
     * The event in {@code record} with what the record itself supplies filled in: the task key
     * falls back to the record key, and the event id to {@code <topic>-<partition>@<offset>}, so a
     * redelivery of the same record keeps the same id.
     */
    public static TaskEvent completeFrom(ConsumerRecord<String, TaskEvent> record) {
        return record.value().withDefaults(recordEventId(record), record.key());
    }

    /** The id of an event that was produced without one: stable across redeliveries. */
    public static String recordEventId(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}

package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.TaskEvent;

/** Kafka deserializer for {@link TaskEvent}; usable by class name in consumer configuration. */
public final class TaskEventDeserializer extends JsonEventDeserializer<TaskEvent> {

    public TaskEventDeserializer() {
        super(EventType.TASK_EVENT, TaskEvent.class);
    }
}

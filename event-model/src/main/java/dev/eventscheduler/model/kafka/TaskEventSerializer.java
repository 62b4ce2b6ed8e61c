package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.TaskEvent;

/** Kafka serializer for {@link TaskEvent}; usable by class name in producer configuration. */
public final class TaskEventSerializer extends JsonEventSerializer<TaskEvent> {

    public TaskEventSerializer() {
        super(EventType.TASK_EVENT);
    }
}

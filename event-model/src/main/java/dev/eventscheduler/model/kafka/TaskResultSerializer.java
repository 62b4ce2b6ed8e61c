package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.TaskResult;

/** Kafka serializer for {@link TaskResult}; usable by class name in producer configuration. */
public final class TaskResultSerializer extends JsonEventSerializer<TaskResult> {

    public TaskResultSerializer() {
        super(EventType.TASK_RESULT);
    }
}

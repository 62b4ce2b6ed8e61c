package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.TaskResult;

/** Kafka deserializer for {@link TaskResult}; usable by class name in consumer configuration. */
public final class TaskResultDeserializer extends JsonEventDeserializer<TaskResult> {

    public TaskResultDeserializer() {
        super(EventType.TASK_RESULT, TaskResult.class);
    }
}

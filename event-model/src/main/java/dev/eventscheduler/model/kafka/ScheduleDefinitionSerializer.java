package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.ScheduleDefinition;

/** Kafka serializer for {@link ScheduleDefinition}; usable by class name in producer configuration. */
public final class ScheduleDefinitionSerializer extends JsonEventSerializer<ScheduleDefinition> {

    public ScheduleDefinitionSerializer() {
        super(EventType.SCHEDULE_DEFINITION);
    }
}

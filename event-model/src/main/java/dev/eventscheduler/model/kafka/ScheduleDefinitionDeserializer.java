package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.ScheduleDefinition;

/** Kafka deserializer for {@link ScheduleDefinition}; usable by class name in consumer configuration. */
public final class ScheduleDefinitionDeserializer extends JsonEventDeserializer<ScheduleDefinition> {

    public ScheduleDefinitionDeserializer() {
        super(EventType.SCHEDULE_DEFINITION, ScheduleDefinition.class);
    }
}

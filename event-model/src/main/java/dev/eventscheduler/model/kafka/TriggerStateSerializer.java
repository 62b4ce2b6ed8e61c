package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.TriggerState;

/** Kafka serializer for {@link TriggerState}; usable by class name in producer configuration. */
public final class TriggerStateSerializer extends JsonEventSerializer<TriggerState> {

    public TriggerStateSerializer() {
        super(EventType.TRIGGER_STATE);
    }
}

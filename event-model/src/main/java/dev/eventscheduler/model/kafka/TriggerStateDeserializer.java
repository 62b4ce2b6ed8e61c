package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.TriggerState;

/** Kafka deserializer for {@link TriggerState}; usable by class name in consumer configuration. */
public final class TriggerStateDeserializer extends JsonEventDeserializer<TriggerState> {

    public TriggerStateDeserializer() {
        super(EventType.TRIGGER_STATE, TriggerState.class);
    }
}

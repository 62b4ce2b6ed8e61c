package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.DeadLetterAction;

/** Kafka deserializer for {@link DeadLetterAction}; usable by class name in consumer configuration. */
public final class DeadLetterActionDeserializer extends JsonEventDeserializer<DeadLetterAction> {

    public DeadLetterActionDeserializer() {
        super(EventType.DEAD_LETTER_ACTION, DeadLetterAction.class);
    }
}

package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.DeadLetterAction;

/** Kafka serializer for {@link DeadLetterAction}; usable by class name in producer configuration. */
public final class DeadLetterActionSerializer extends JsonEventSerializer<DeadLetterAction> {

    public DeadLetterActionSerializer() {
        super(EventType.DEAD_LETTER_ACTION);
    }
}

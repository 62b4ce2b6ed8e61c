package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.RunEnd;

/** Kafka deserializer for {@link RunEnd}; usable by class name in consumer configuration. */
public final class RunEndDeserializer extends JsonEventDeserializer<RunEnd> {

    public RunEndDeserializer() {
        super(EventType.RUN_END, RunEnd.class);
    }
}

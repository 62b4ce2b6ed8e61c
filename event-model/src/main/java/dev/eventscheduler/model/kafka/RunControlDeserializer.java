package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.RunControl;

/** Kafka deserializer for {@link RunControl}; usable by class name in consumer configuration. */
public final class RunControlDeserializer extends JsonEventDeserializer<RunControl> {

    public RunControlDeserializer() {
        super(EventType.RUN_CONTROL, RunControl.class);
    }
}

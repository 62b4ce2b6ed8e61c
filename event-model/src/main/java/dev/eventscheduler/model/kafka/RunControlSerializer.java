package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.RunControl;

/** Kafka serializer for {@link RunControl}; usable by class name in producer configuration. */
public final class RunControlSerializer extends JsonEventSerializer<RunControl> {

    public RunControlSerializer() {
        super(EventType.RUN_CONTROL);
    }
}

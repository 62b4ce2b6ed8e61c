package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.RunEnd;

/** Kafka serializer for {@link RunEnd}; usable by class name in producer configuration. */
public final class RunEndSerializer extends JsonEventSerializer<RunEnd> {

    public RunEndSerializer() {
        super(EventType.RUN_END);
    }
}

package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.RunLogChunk;

/** Kafka serializer for {@link RunLogChunk}; usable by class name in producer configuration. */
public final class RunLogChunkSerializer extends JsonEventSerializer<RunLogChunk> {

    public RunLogChunkSerializer() {
        super(EventType.RUN_LOG);
    }
}

package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.RunLogChunk;

/** Kafka deserializer for {@link RunLogChunk}; usable by class name in consumer configuration. */
public final class RunLogChunkDeserializer extends JsonEventDeserializer<RunLogChunk> {

    public RunLogChunkDeserializer() {
        super(EventType.RUN_LOG, RunLogChunk.class);
    }
}

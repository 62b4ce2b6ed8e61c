package dev.eventscheduler.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the benchmarks read of a task event: its id, schedule and scheduled time, and nothing else. A scenario
 * reads every fire on the same two cores as the scheduler it measures. Binding the whole event
 * (payload tree, retry policy, every field) made that reader a sixth of the JVM's CPU in
 * {@code fire-burst}, time taken from the scheduler. This reader streams the top-level fields and
 * skips the rest.
 */
record FiredTime(String eventId, String scheduleId, long scheduledAtMillis) {

    /** Reads {@link FiredTime}s from task event records; fails on a record without either field. */
    static final class Reader implements Deserializer<FiredTime> {
        /**
         * The project's instant reading: the fast path for the shape we write, Jackson's for any other.
         * It reads one value in the middle of an event, so the rest of the event is not "trailing".
         */
        private static final ObjectReader INSTANTS = EventJson.mapper().readerFor(Instant.class)
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        @Override
        public FiredTime deserialize(String topic, byte[] data) {
            try (JsonParser parser = EventJson.mapper().getFactory().createParser(data)) {
                String eventId = null;
                String scheduleId = null;
                Instant scheduledAt = null;
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new SerializationException("a task event on " + topic + " is not a JSON object");
                }
                while ((eventId == null || scheduleId == null || scheduledAt == null)
                        && parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "eventId" -> eventId = parser.getText();
                        case "scheduleId" -> scheduleId = parser.getText();
                        case "scheduledAt" -> scheduledAt = INSTANTS.readValue(parser);
                        default -> parser.skipChildren();
                    }
                }
                if (eventId == null || scheduledAt == null) {
                    throw new SerializationException("a task event on " + topic + " without eventId or scheduledAt");
                }
                return new FiredTime(eventId, scheduleId, scheduledAt.toEpochMilli());
            } catch (IOException e) {
                throw new SerializationException("unreadable task event on " + topic, e);
            }
        }
    }
}

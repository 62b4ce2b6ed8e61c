package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.Calendar;

/** Kafka deserializer for {@link Calendar}; usable by class name in consumer configuration. */
public final class CalendarDeserializer extends JsonEventDeserializer<Calendar> {

    public CalendarDeserializer() {
        super(EventType.CALENDAR, Calendar.class);
    }
}

package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.Calendar;

/** Kafka serializer for {@link Calendar}; usable by class name in producer configuration. */
public final class CalendarSerializer extends JsonEventSerializer<Calendar> {

    public CalendarSerializer() {
        super(EventType.CALENDAR);
    }
}

package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.Calendar;
import dev.eventscheduler.model.validation.CalendarValidator;
import dev.eventscheduler.model.validation.CheckedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The exclusion calendars as the {@code scheduler.calendars} topic has them, by name: what the
 * scheduler decides fires with and what the API lists. Safe to read from any thread.
 */
public final class Calendars {

    private final Map<String, Calendar> byName = new ConcurrentSkipListMap<>();
    private final CalendarDeserializer deserializer = new CalendarDeserializer();

    /**
     * Applies a record of the calendars topic: a calendar, or a tombstone that deletes one. Returns
     * why a record was passed over (no key, unreadable, invalid, its name not its key); null when applied.
     */
    public String apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return "no key";
        }
        if (record.value() == null) {
            byName.remove(record.key());
            return null;
        }
        CheckedRecord<Calendar> checked = CheckedRecord.read(record, deserializer, CalendarValidator::validate);
        if (!checked.valid()) {
            return checked.problem();
        }
        byName.put(record.key(), checked.value());
        return null;
    }

    public Optional<Calendar> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every calendar, by name. */
    public List<Calendar> all() {
        return List.copyOf(byName.values());
    }

    /** The first of {@code names} that excludes {@code time}; null when none does (a name with no calendar excludes nothing). */
    public String excluding(List<String> names, Instant time) {
        for (String name : names) {
            Calendar calendar = byName.get(name);
            if (calendar != null && calendar.excludes(time)) {
                return name;
            }
        }
        return null;
    }
}

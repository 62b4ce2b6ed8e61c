package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.kafka.ScheduleDefinitionDeserializer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of the schedules topic as the scheduler judges it: the definition it fires, or the
 * problems that keep it from firing. The firing loop, the restorer and the status tracker all read
 * records through {@link #read}, so what the API lists is exactly what fires, and a record refused
 * for firing is listed with its problems rather than as a schedule that never fires.
 *
 * @param key        the record key, under which the schedule is addressed and deleted
 * @param definition the definition, when it could be read (it may still break the rules)
 * @param problems   every reason it does not fire; empty when it fires
 */
public record ScheduleRecord(String key, ScheduleDefinition definition, List<Violation> problems) {

    public ScheduleRecord {
        problems = List.copyOf(problems);
    }

    /** Whether the record is a schedule the scheduler fires. */
    public boolean valid() {
        return problems.isEmpty();
    }

    /**
     * Reads and judges a non-tombstone record with a key: unreadable JSON, a definition that breaks
     * the rules, and one whose id differs from the record key are each refused with their reasons.
     */
    public static ScheduleRecord read(ConsumerRecord<String, byte[]> record, ScheduleDefinitionDeserializer deserializer) {
        ScheduleDefinition definition;
        try {
            definition = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            return new ScheduleRecord(record.key(), null, List.of(new Violation("body", "cannot be read: " + e.getMessage())));
        }
        List<Violation> problems = new ArrayList<>(ScheduleValidator.validate(definition));
        if (!record.key().equals(definition.id())) {
            problems.add(new Violation("id", "must equal the record key '" + record.key() + "', was '" + definition.id() + "'"));
        }
        return new ScheduleRecord(record.key(), definition, problems);
    }
}

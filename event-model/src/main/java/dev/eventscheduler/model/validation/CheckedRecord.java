package dev.eventscheduler.model.validation;

import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A record of a topic anyone can write (run ends, control requests, dead-letter actions), read and
 * checked against its rules under its key: its value, or why it must be passed over. Nothing a
 * producer wrote makes this throw; the caller logs or counts the problem and reads on.
 *
 * @param value   the record's value when it can be read and keeps the rules, else null
 * @param problem why it cannot be used, else null
 */
public record CheckedRecord<T>(T value, String problem) {

    /** Reads {@code record}'s value with {@code deserializer} and checks it with {@code rules} (value, record key). */
    public static <T> CheckedRecord<T> read(ConsumerRecord<String, byte[]> record, Deserializer<T> deserializer,
                                            BiFunction<T, String, List<Violation>> rules) {
        T value;
        try {
            value = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            return new CheckedRecord<>(null, "unreadable: " + e.getMessage());
        }
        List<Violation> problems = rules.apply(value, record.key());
        return problems.isEmpty() ? new CheckedRecord<>(value, null) : new CheckedRecord<>(null, problems.toString());
    }

    /** Whether the value may be used. */
    public boolean valid() {
        return problem == null;
    }
}

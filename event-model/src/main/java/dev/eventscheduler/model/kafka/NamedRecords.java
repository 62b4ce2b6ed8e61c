package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.validation.CheckedRecord;
import dev.eventscheduler.model.validation.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The records of a compacted topic keyed by name (calendars, notify rules), as the topic has them:
 * each record is read, checked against its key and kept, a tombstone deletes, and at most
 * {@code maxKept} names are kept however many a producer writes. Safe to read from any thread.
 *
 * @param <T> the record's type
 */
public abstract class NamedRecords<T> {

    private final Map<String, T> byName = new ConcurrentSkipListMap<>();
    private final Deserializer<T> deserializer;
    private final BiFunction<T, String, List<Violation>> rules;
    private final int maxKept;

    protected NamedRecords(Deserializer<T> deserializer, BiFunction<T, String, List<Violation>> rules, int maxKept) {
        this.deserializer = deserializer;
        this.rules = rules;
        this.maxKept = maxKept;
    }

    /**
     * Applies a record of the topic: a record, or a tombstone that deletes one. Returns why a record
     * was passed over (no key, unreadable, invalid, its name not its key, too many names); null when applied.
     */
    public String apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return "no key";
        }
        if (record.value() == null) {
            byName.remove(record.key());
            return null;
        }
        CheckedRecord<T> checked = CheckedRecord.read(record, deserializer, rules);
        if (!checked.valid()) {
            return checked.problem();
        }
        if (byName.size() >= maxKept && !byName.containsKey(record.key())) {
            return "there are already " + maxKept + " of them";
        }
        byName.put(record.key(), checked.value());
        return null;
    }

    public Optional<T> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    protected T getOrNull(String name) {
        return byName.get(name);
    }

    /** Every record, by name. */
    public List<T> all() {
        return List.copyOf(byName.values());
    }

    protected java.util.Collection<T> values() {
        return byName.values();
    }

    /** Whether there is none. */
    public boolean isEmpty() {
        return byName.isEmpty();
    }
}

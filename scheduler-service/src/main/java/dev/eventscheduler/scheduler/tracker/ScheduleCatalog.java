package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.validation.ScheduleRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every record of the whole schedules topic, by record key: what the API lists. A record the
 * firing loop refuses is kept with its problems, so it is listed as not firing, and can be deleted
 * over the API, rather than shown as a schedule that never fires.
 */
public final class ScheduleCatalog {

    private final Map<String, ScheduleRecord> records = new ConcurrentSkipListMap<>();

    void put(ScheduleRecord record) {
        records.put(record.key(), record);
    }

    void remove(String key) {
        records.remove(key);
    }

    /** The schedule stored under {@code id}, when it is one the scheduler fires. */
    public Optional<ScheduleDefinition> get(String id) {
        ScheduleRecord record = records.get(id);
        return record == null || !record.valid() ? Optional.empty() : Optional.of(record.definition());
    }

    /** The record stored under {@code key}, valid or refused. */
    public Optional<ScheduleRecord> record(String key) {
        return Optional.ofNullable(records.get(key));
    }

    /** Every record, valid or refused, by key. */
    public List<ScheduleRecord> all() {
        return List.copyOf(records.values());
    }

    public int size() {
        return records.size();
    }
}

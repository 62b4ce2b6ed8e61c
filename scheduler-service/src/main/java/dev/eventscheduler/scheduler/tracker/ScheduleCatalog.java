package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.ScheduleProgress;
import dev.eventscheduler.model.validation.ScheduleRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every record of the whole schedules topic, by record key: what the API lists. A record the
 * firing loop refuses is kept with its problems, so it is listed as not firing, and can be deleted
 * over the API, rather than shown as a schedule that never fires. Beside each, its progress as its
 * latest committed trigger state says (fires so far, times buffered, the last time decided), so the
 * API can tell a completed schedule from one with times to come.
 */
public final class ScheduleCatalog {

    private final Map<String, ScheduleRecord> records = new ConcurrentSkipListMap<>();
    private final Map<String, ScheduleProgress> progress = new ConcurrentHashMap<>();

    void put(ScheduleRecord record) {
        records.put(record.key(), record);
    }

    void remove(String key) {
        records.remove(key);
    }

    void progressed(String key, ScheduleProgress latest) {
        ScheduleRecord record = records.get(key);
        // a million schedules: key the progress by the catalog's copy of the id, not a third one
        progress.put(record != null ? record.key() : key, latest);
    }

    void forgetProgress(String key) {
        progress.remove(key);
    }

    /** How far the schedule {@code key} is through its times; {@link ScheduleProgress#NONE} before its first. */
    public ScheduleProgress progress(String key) {
        return progress.getOrDefault(key, ScheduleProgress.NONE);
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

    /** Every record, valid or refused, in key order. */
    public List<ScheduleRecord> all() {
        return List.copyOf(records.values());
    }

    public int size() {
        return records.size();
    }
}

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
    /** Who last wrote each schedule through the API, by its token's name; absent when unknown. */
    private final Map<String, String> writers = new ConcurrentHashMap<>();
    /** One instance of each writer's name, however many schedules it wrote; at most {@value #MAX_WRITER_NAMES}. */
    private final Map<String, String> writerNames = new ConcurrentHashMap<>();

    /** The most distinct writer names kept: any producer can write the header; past this, new names are not kept. */
    static final int MAX_WRITER_NAMES = 1_000;
    private static final java.util.regex.Pattern WRITER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Keeps {@code record}, written by {@code writtenBy} (its {@code written-by} header: a token's
     * name; null, or anything but a name, when unknown).
     */
    void put(ScheduleRecord record, String writtenBy) {
        records.put(record.key(), record);
        String name = keptName(writtenBy);
        if (name == null) {
            writers.remove(record.key());
        } else {
            writers.put(record.key(), name);
        }
    }

    /** The one kept instance of the name {@code writtenBy}; null when it is none, or a new one past {@value #MAX_WRITER_NAMES}. */
    private String keptName(String writtenBy) {
        if (writtenBy == null || !WRITER_NAME.matcher(writtenBy).matches()) {
            return null;
        }
        String kept = writerNames.get(writtenBy);
        if (kept != null || writerNames.size() >= MAX_WRITER_NAMES) {
            return kept;
        }
        return writerNames.computeIfAbsent(writtenBy, name -> name);
    }

    void remove(String key) {
        records.remove(key);
        writers.remove(key);
    }

    /** The name of the token that last wrote the schedule {@code key} through the API; null when unknown. */
    public String writtenBy(String key) {
        return writers.get(key);
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

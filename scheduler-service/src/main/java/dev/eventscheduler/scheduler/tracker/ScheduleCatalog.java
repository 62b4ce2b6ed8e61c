package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.ScheduleDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Every schedule's current definition, as read from the whole schedules topic: what the API lists. */
public final class ScheduleCatalog {

    private final Map<String, ScheduleDefinition> definitions = new ConcurrentSkipListMap<>();

    void put(ScheduleDefinition definition) {
        definitions.put(definition.id(), definition);
    }

    void remove(String id) {
        definitions.remove(id);
    }

    public Optional<ScheduleDefinition> get(String id) {
        return Optional.ofNullable(definitions.get(id));
    }

    /** All definitions, by id. */
    public List<ScheduleDefinition> all() {
        return List.copyOf(definitions.values());
    }

    public int size() {
        return definitions.size();
    }
}

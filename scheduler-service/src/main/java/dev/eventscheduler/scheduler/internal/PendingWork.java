package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.ScheduleDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the next transactions write besides the fires Quartz finds due: times planned outside Quartz
 * (catch-ups and skips at load, times already due when a fire was done with), by schedule and in
 * order, and the trigger states of deleted schedules to remove. Used by the loop's thread only.
 */
final class PendingWork {

    /** About the most planned times that one transaction takes, besides the fires due. */
    static final int MAX_PLANNED_PER_TRANSACTION = 2_000;

    private final Map<String, List<Planned>> planned = new LinkedHashMap<>();
    /** Trigger states of deleted schedules to remove, by id. */
    private final Map<String, Deletion> deletions = new LinkedHashMap<>();

    /**
     * A deleted schedule's trigger state and run end to remove.
     *
     * @param partition  where they are
     * @param definition the schedule as it was, for the results of its buffered times; null when unknown
     * @param buffered   the times that waited in its buffer, skipped with the deletion
     */
    record Deletion(int partition, ScheduleDefinition definition, List<Instant> buffered) {
    }

    /** Whether there is nothing to write. */
    boolean isEmpty() {
        return planned.isEmpty() && deletions.isEmpty();
    }

    /** Plans {@code item} after the schedule's other planned times. */
    void plan(Planned item) {
        planned.computeIfAbsent(item.scheduleId(), id -> new ArrayList<>()).add(item);
    }

    /** Whether the schedule has planned times, which its next due fire must wait behind. */
    boolean hasPlanned(String scheduleId) {
        return planned.containsKey(scheduleId);
    }

    /** Drops the schedule's planned times (deleted, paused, held, or planned again). */
    void forget(String scheduleId) {
        planned.remove(scheduleId);
    }

    /** Drops the planned times of schedules that {@code owned} no longer accepts, and the deletions of {@code partitions}. */
    void retain(Predicate<String> owned, Set<Integer> partitions) {
        planned.keySet().removeIf(owned.negate());
        deletions.values().removeIf(deletion -> partitions.contains(deletion.partition()));
    }

    /** The schedule was deleted: remove its trigger state and run end, in {@code partition}, with the next transaction. */
    void deleted(String scheduleId, int partition) {
        deleted(scheduleId, new Deletion(partition, null, List.of()));
    }

    /** The same for a schedule this instance fired, whose buffered times are skipped with it. */
    void deleted(String scheduleId, Deletion deletion) {
        planned.remove(scheduleId);
        deletions.put(scheduleId, deletion);
    }

    /** The schedule was written again after a delete: its trigger state stays. */
    void recreated(String scheduleId) {
        deletions.remove(scheduleId);
    }

    /** The trigger states to remove, by schedule id. */
    Map<String, Deletion> deletions() {
        return deletions;
    }

    /** The deletions were committed. */
    void deletionsWritten() {
        deletions.clear();
    }

    /**
     * Moves the planned times of whole schedules into {@code work}, up to about
     * {@value #MAX_PLANNED_PER_TRANSACTION} items, and returns the schedules taken. A restore that
     * finds a hundred thousand missed times writes them over several transactions, so the fires
     * due on time meanwhile wait for one bounded transaction, not for all of them.
     */
    Set<String> take(List<Planned> work) {
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, List<Planned>> entry : planned.entrySet()) {
            if (work.size() >= MAX_PLANNED_PER_TRANSACTION) {
                break;
            }
            work.addAll(entry.getValue());
            taken.add(entry.getKey());
        }
        return taken;
    }

    /**
     * Ends the planned times {@code taken} for a transaction, and puts {@code unwritten} (work of it
     * the transaction did not write) back in order, to go first in the next ones. The taken
     * schedules' lists go first: then no schedule of {@code unwritten} has planned times left to be
     * put behind, as its own were taken, or it had none when its due fire went into the work.
     */
    void settle(Collection<String> taken, List<Planned> unwritten) {
        planned.keySet().removeAll(taken);
        // a backfill's times are taken again from its committed progress, not kept here
        unwritten.stream().filter(item -> item.backfillId() == null).forEach(this::plan);
    }
}

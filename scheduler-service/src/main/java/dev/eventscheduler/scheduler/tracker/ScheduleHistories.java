package dev.eventscheduler.scheduler.tracker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link RunTable}'s per-schedule histories: each schedule's kept runs in the order they were
 * first seen, as links between slot numbers, in columns that grow with the table. Not thread-safe.
 */
final class ScheduleHistories {

    private static final int NONE = -1;

    /** The schedule whose history holds the slot (null: none), and the links of that history. */
    private String[] owners;
    private int[] previous;
    private int[] next;
    private final Map<String, History> histories = new HashMap<>();

    /** A schedule's kept runs; its id is the one instance every run of it shares. */
    private static final class History {
        final String scheduleId;
        int first = NONE;
        int last = NONE;
        int count;

        History(String scheduleId) {
            this.scheduleId = scheduleId;
        }
    }

    ScheduleHistories(int capacity) {
        owners = new String[capacity];
        previous = new int[capacity];
        next = new int[capacity];
    }

    /** The schedule id instance kept for {@code scheduleId}, so runs share one copy; the argument when none is kept. */
    String canonical(String scheduleId) {
        History history = scheduleId == null ? null : histories.get(scheduleId);
        return history != null ? history.scheduleId : scheduleId;
    }

    /** Appends {@code slot} to the end of {@code scheduleId}'s history. */
    void add(int slot, String scheduleId) {
        History history = histories.computeIfAbsent(scheduleId, History::new);
        owners[slot] = history.scheduleId;
        previous[slot] = history.last;
        next[slot] = NONE;
        if (history.last != NONE) {
            next[history.last] = slot;
        } else {
            history.first = slot;
        }
        history.last = slot;
        history.count++;
    }

    /** Takes {@code slot} out of its schedule's history, if it is in one; an empty history is forgotten. */
    void remove(int slot) {
        String owner = owners[slot];
        if (owner == null) {
            return;
        }
        History history = histories.get(owner);
        if (previous[slot] != NONE) {
            next[previous[slot]] = next[slot];
        } else {
            history.first = next[slot];
        }
        if (next[slot] != NONE) {
            previous[next[slot]] = previous[slot];
        } else {
            history.last = previous[slot];
        }
        owners[slot] = null;
        if (--history.count == 0) {
            histories.remove(owner);
        }
    }

    /** The first kept run of {@code scheduleId}'s history, or -1. */
    int first(String scheduleId) {
        History history = histories.get(scheduleId);
        return history == null ? NONE : history.first;
    }

    /** The run after {@code slot} in its schedule's history, or -1. */
    int after(int slot) {
        return next[slot];
    }

    /** How many kept runs {@code scheduleId}'s history holds. */
    int size(String scheduleId) {
        History history = histories.get(scheduleId);
        return history == null ? 0 : history.count;
    }

    /** Grows the columns to {@code capacity} slots; the links keep their slot numbers. */
    void grow(int capacity) {
        owners = Arrays.copyOf(owners, capacity);
        previous = Arrays.copyOf(previous, capacity);
        next = Arrays.copyOf(next, capacity);
    }
}

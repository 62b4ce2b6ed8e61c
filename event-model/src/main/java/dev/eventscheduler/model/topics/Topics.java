package dev.eventscheduler.model.topics;

import java.util.List;
import java.util.Objects;

/**
 * The names of the six topics, all sharing one prefix ({@value #DEFAULT_PREFIX} by default), so
 * several systems (or several tests) can share one cluster.
 *
 * @param prefix put in front of every name, e.g. {@code scheduler.} gives {@code scheduler.tasks}
 */
public record Topics(String prefix) {

    /** The prefix of the default names in DESIGN.md. */
    public static final String DEFAULT_PREFIX = "scheduler.";

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The default names: {@code scheduler.schedules}, {@code scheduler.tasks}, ... */
    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    /** Schedule definitions, keyed by schedule id; compacted; a null value deletes. */
    public String schedules() {
        return prefix + "schedules";
    }

    /** Trigger state per schedule id; compacted; co-partitioned with {@link #schedules()}. */
    public String triggerState() {
        return prefix + "trigger-state";
    }

    /** Task events, keyed by task key. */
    public String tasks() {
        return prefix + "tasks";
    }

    /** Task results, keyed by task key. */
    public String results() {
        return prefix + "results";
    }

    /** Task events waiting for their next attempt, keyed by task key. */
    public String retry() {
        return prefix + "retry";
    }

    /** Records no one could process, with the error in headers. */
    public String deadLetters() {
        return prefix + "dead-letters";
    }

    /** All six names. */
    public List<String> all() {
        return List.of(schedules(), triggerState(), tasks(), results(), retry(), deadLetters());
    }
}

package dev.eventscheduler.model.topics;

import java.util.List;
import java.util.Objects;

/**
 * The names of the thirteen topics, all sharing one prefix ({@value #DEFAULT_PREFIX} by default), so
 * several systems (or several tests) can share one cluster. Equal when the prefixes are.
 *
 * <p>A class rather than a record only so each name is built once: the clients look a topic's
 * metadata up by name on every record sent, and a name built per call would be hashed anew each time.
 */
public final class Topics {

    /** The prefix of the default names in DESIGN.md. */
    public static final String DEFAULT_PREFIX = "scheduler.";

    private final String prefix;
    private final String schedules;
    private final String triggerState;
    private final String tasks;
    private final String results;
    private final String retry;
    private final String deadLetters;
    private final String runEnds;
    private final String control;
    private final String deadLetterActions;
    private final String calendars;
    private final String logs;
    private final String notifyRules;
    private final String notificationDeadLetters;

    /** @param prefix put in front of every name, e.g. {@code scheduler.} gives {@code scheduler.tasks} */
    public Topics(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.schedules = prefix + "schedules";
        this.triggerState = prefix + "trigger-state";
        this.tasks = prefix + "tasks";
        this.results = prefix + "results";
        this.retry = prefix + "retry";
        this.deadLetters = prefix + "dead-letters";
        this.runEnds = prefix + "run-ends";
        this.control = prefix + "control";
        this.deadLetterActions = prefix + "dead-letter-actions";
        this.calendars = prefix + "calendars";
        this.logs = prefix + "logs";
        this.notifyRules = prefix + "notify-rules";
        this.notificationDeadLetters = prefix + "notification-dead-letters";
    }

    /** The default names: {@code scheduler.schedules}, {@code scheduler.tasks}, ... */
    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    /** What every name starts with. */
    public String prefix() {
        return prefix;
    }

    /** Schedule definitions, keyed by schedule id; compacted; a null value deletes. */
    public String schedules() {
        return schedules;
    }

    /** Trigger state per schedule id; compacted; co-partitioned with {@link #schedules()}. */
    public String triggerState() {
        return triggerState;
    }

    /** Task events, keyed by task key. */
    public String tasks() {
        return tasks;
    }

    /** Task results, keyed by task key. */
    public String results() {
        return results;
    }

    /** Task events waiting for their next attempt, keyed by task key. */
    public String retry() {
        return retry;
    }

    /** Records no one could process, with the error in headers. */
    public String deadLetters() {
        return deadLetters;
    }

    /**
     * The end of each schedule's latest run, keyed by schedule id; compacted; co-partitioned with
     * {@link #schedules()}. Executors write it beside a scheduled run's final result, and the
     * scheduler that owns the schedule reads it to know whether the run it fired last has ended.
     */
    public String runEnds() {
        return runEnds;
    }

    /**
     * Requests to stop runs ({@code RunControl}), keyed by event id; compacted, and deleted after the
     * events' retention. Every executor reads all of it.
     */
    public String control() {
        return control;
    }

    /**
     * What was done with each dead letter (redriven, discarded), keyed by its id
     * {@code <partition>@<offset>}; compacted, and deleted with the dead letters.
     */
    public String deadLetterActions() {
        return deadLetterActions;
    }

    /**
     * Exclusion calendars, keyed by name; compacted; a null value deletes. Every scheduler instance
     * and the status tracker read all of it.
     */
    public String calendars() {
        return calendars;
    }

    /**
     * What each attempt's handler logged ({@code RunLogChunk}), keyed by event id, kept as long as the
     * tasks. The status tracker reads it for {@code GET /api/runs/{eventId}/logs}.
     */
    public String logs() {
        return logs;
    }

    /**
     * Who is told when runs end badly ({@code NotifyRule}), keyed by rule name; compacted; a null
     * value deletes. Every scheduler instance reads all of it.
     */
    public String notifyRules() {
        return notifyRules;
    }

    /** Notifications whose webhook never answered with a 2xx, as sent, with the last error in headers; keyed by rule name. */
    public String notificationDeadLetters() {
        return notificationDeadLetters;
    }

    /** All thirteen names. */
    public List<String> all() {
        return List.of(schedules, triggerState, tasks, results, retry, deadLetters, runEnds, control, deadLetterActions,
                calendars, logs, notifyRules, notificationDeadLetters);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Topics topics && prefix.equals(topics.prefix);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    @Override
    public String toString() {
        return "Topics[prefix=" + prefix + "]";
    }
}

package dev.eventscheduler.model;

import java.util.Comparator;
import java.util.List;

/**
 * Who is told when runs end badly: a named rule on the compacted {@code scheduler.notify-rules}
 * topic keyed by its name (a null value deletes it). A run that ends in one of the rule's states,
 * of its schedule or task type, makes the scheduler instance that reads the run's final result
 * POST a notification to the rule's webhook: exactly one instance per run, retried, and kept on
 * {@code scheduler.notification-dead-letters} when it never got through.
 *
 * @param name           1–200 characters of {@code [A-Za-z0-9._:-]}; the Kafka key
 * @param scheduleId     only runs of this schedule; null for any schedule's (and one-off events')
 * @param taskType       only runs of this task type; null for any
 * @param on             the final states that count (absent: {@link #DEFAULT_ON}, the failures; empty: none,
 *                       for a rule that only watches for long runs)
 * @param after          how many runs of a schedule in a row must end in one of them (default 1:
 *                       every such run notifies; more notifies once when a streak reaches it)
 * @param longerThanMs   also tell, once, of a run that has been running (started, not ended) longer
 *                       than this, {@value #MIN_LONGER_THAN_MS} ms to {@value #MAX_LONGER_THAN_MS} ms; null: not
 * @param webhook        the http or https URL notified; its host must be on the scheduler's allow-list
 * @param pauseOnFailure pause the run's schedule when the rule fires (Temporal's pause on failure)
 * @param description    free text, at most 1,000 characters
 */
public record NotifyRule(String name, String scheduleId, String taskType, List<RunState> on, Integer after,
                         Long longerThanMs, String webhook, Boolean pauseOnFailure, String description) {

    /** The states a rule counts when it names none: a run that failed, ran out of time or was dead-lettered. */
    public static final List<RunState> DEFAULT_ON = List.of(RunState.FAILED, RunState.TIMED_OUT, RunState.DEAD_LETTERED);
    /** The longest streak a rule may wait for: the tracker keeps a schedule's newest 100 runs. */
    public static final int MAX_AFTER = 100;
    /** The shortest and longest a run may run before a rule tells of it. */
    public static final long MIN_LONGER_THAN_MS = 1_000;
    public static final long MAX_LONGER_THAN_MS = 7L * 24 * 60 * 60 * 1000;

    public NotifyRule {
        // in the states' order, once each; a null from outside is kept for the validator to name
        on = on == null ? DEFAULT_ON
                : on.stream().distinct().sorted(Comparator.nullsLast(Comparator.naturalOrder())).toList();
        after = after == null ? 1 : after;
        pauseOnFailure = pauseOnFailure != null && pauseOnFailure;
    }

    /** Whether the run, of schedule {@code scheduleId} (null for a one-off event) and task type {@code taskType}, is the rule's. */
    public boolean covers(String runScheduleId, String runTaskType) {
        return (scheduleId == null || scheduleId.equals(runScheduleId)) && (taskType == null || taskType.equals(runTaskType));
    }
}

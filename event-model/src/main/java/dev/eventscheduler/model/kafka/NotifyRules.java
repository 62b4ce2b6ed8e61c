package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.RunState;
import dev.eventscheduler.model.validation.NotifyRuleValidator;
import java.util.List;

/**
 * The notify rules as the {@code scheduler.notify-rules} topic has them, by name: what the notifier
 * matches ended runs against and what the API lists. Every instance reads them all. Safe to read
 * from any thread.
 */
public final class NotifyRules extends NamedRecords<NotifyRule> {

    /** The most rules kept: a producer writing many names cannot grow the map, nor every run's matching, without end. */
    public static final int MAX_RULES = 1_000;

    public NotifyRules() {
        super(new NotifyRuleDeserializer(), NotifyRuleValidator::validate, MAX_RULES);
    }

    /** The rules a run of {@code scheduleId} (null for a one-off event) and {@code taskType} that ended {@code state} counts for. */
    public List<NotifyRule> counting(String scheduleId, String taskType, RunState state) {
        return values().stream().filter(rule -> rule.covers(scheduleId, taskType) && rule.on().contains(state)).toList();
    }
}

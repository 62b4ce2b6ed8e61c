package dev.eventscheduler.scheduler.notify;

import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.kafka.NotifyRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The running runs a rule with {@code longerThanMs} watches, in the results partitions this notifier
 * holds: each from its {@code STARTED} result (or, for a run already running when the partition came,
 * from the tracker) to its final result, and told of once per rule when it runs past the rule's
 * time. At most {@value #MAX_WATCHED} at once, the longest watched dropped first. Used by the
 * notifier's thread only.
 */
final class LongRuns {

    static final int MAX_WATCHED = 10_000;

    /** A running run: its {@code STARTED} result, its results partition, and the rules that told of it already. */
    private record Watched(TaskResult started, int partition, Set<String> told) {
    }

    /** A rule to tell that {@code run} has run past its time. */
    record Due(NotifyRule rule, TaskResult run) {
    }

    private final Map<String, Watched> byEvent = new LinkedHashMap<>();

    /** A run started (its {@code STARTED} result, in results partition {@code partition}): watched if a rule watches its kind. */
    void started(TaskResult started, int partition, NotifyRules rules) {
        if (started.startedAt() == null || watching(rules, started).isEmpty()) {
            return;
        }
        byEvent.remove(started.eventId()); // a later attempt: watched from its own start
        byEvent.put(started.eventId(), new Watched(started, partition, new HashSet<>()));
        if (byEvent.size() > MAX_WATCHED) {
            Iterator<String> oldest = byEvent.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The run ended (or waits for a retry): no longer running. */
    void ended(String eventId) {
        byEvent.remove(eventId);
    }

    /** The partitions went to another instance: their runs are its to watch. */
    void revoked(Collection<Integer> partitions) {
        byEvent.values().removeIf(watched -> partitions.contains(watched.partition()));
    }

    /** Each rule and run whose time ran out by {@code now} and that was not told yet; each is told once. */
    List<Due> due(Instant now, NotifyRules rules) {
        List<Due> due = new ArrayList<>();
        if (byEvent.isEmpty()) {
            return due;
        }
        List<NotifyRule> timed = timed(rules);
        for (Watched watched : byEvent.values()) {
            for (NotifyRule rule : covering(timed, watched.started())) {
                boolean over = !watched.started().startedAt().plusMillis(rule.longerThanMs()).isAfter(now);
                if (over && watched.told().add(rule.name())) {
                    due.add(new Due(rule, watched.started()));
                }
            }
        }
        return due;
    }

    /** Whether any rule watches for long runs at all. */
    static boolean anyTimed(NotifyRules rules) {
        return !rules.isEmpty() && !timed(rules).isEmpty();
    }

    private static List<NotifyRule> timed(NotifyRules rules) {
        return rules.all().stream().filter(rule -> rule.longerThanMs() != null).toList();
    }

    private static List<NotifyRule> covering(List<NotifyRule> timed, TaskResult run) {
        return timed.stream().filter(rule -> rule.covers(run.scheduleId(), run.taskType())).toList();
    }

    private static List<NotifyRule> watching(NotifyRules rules, TaskResult run) {
        return covering(timed(rules), run);
    }

    int size() {
        return byEvent.size();
    }
}

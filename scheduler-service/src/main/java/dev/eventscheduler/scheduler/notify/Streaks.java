package dev.eventscheduler.scheduler.notify;

import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.scheduler.tracker.Run;
import dev.eventscheduler.scheduler.tracker.RunStore;
import java.util.List;

/**
 * How many of a schedule's runs in a row ended in one of a rule's states, counted back from an ended
 * run through the runs scheduled before it that the tracker keeps (a schedule's newest 100). A rule
 * with {@code after} 1 fires on every such run; a larger one once, when a streak reaches it.
 */
final class Streaks {

    private Streaks() {
    }

    /** The streak {@code ended}, which ended in one of {@code rule}'s states, makes: 1 and the runs before it, up to {@code after + 1}. */
    static int of(NotifyRule rule, TaskResult ended, RunStore runs) {
        if (rule.after() == 1 || ended.scheduleId() == null || ended.scheduledAt() == null) {
            return 1;
        }
        List<Run> before = runs.find(new RunStore.Query(ended.scheduleId(), null, null, ended.scheduledAt(), null,
                RunStore.Sort.SCHEDULED, false, 0, rule.after())).runs();
        int streak = 1;
        for (Run run : before) {
            if (run.eventId().equals(ended.eventId()) || !rule.on().contains(run.state())) {
                break;
            }
            streak++;
        }
        return streak;
    }

    /** Whether a run making {@code streak} fires {@code rule}: every one for {@code after} 1, else the one that reaches it. */
    static boolean fires(NotifyRule rule, int streak) {
        return rule.after() == 1 || streak == rule.after();
    }
}

package dev.eventscheduler.scheduler.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.RunState;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.json.EventJson;
import java.time.Duration;

/**
 * What one rule says of one ended run, as its webhook gets it: generic JSON with a Slack-compatible
 * {@code text}. {@code notificationId} is the same for every try and every instance
 * ({@code <rule>:<eventId>}), so a receiver can drop a repeat.
 *
 * @param rule          the rule that fired
 * @param run           the run's final result
 * @param state         the state it ended in; {@code STARTED} for a run still running past the rule's {@code longerThanMs}
 * @param consecutive   how many of the schedule's runs in a row ended in one of the rule's states, this one included
 * @param pausedSchedule whether the rule paused the run's schedule
 */
record Notification(NotifyRule rule, TaskResult run, RunState state, int consecutive, boolean pausedSchedule) {

    String id() {
        return rule.name() + ":" + run.eventId();
    }

    /** One line a person reads in a chat. */
    String text() {
        String what = run.scheduleId() != null ? "Schedule " + run.scheduleId() : "Task " + run.taskType() + " (key " + run.taskKey() + ")";
        if (state == RunState.STARTED) {
            return what + ": run " + run.eventId() + " has run longer than " + Duration.ofMillis(rule.longerThanMs())
                    .toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " (attempt " + run.attempt() + ", started "
                    + run.startedAt() + (run.executorId() == null ? "" : " on " + run.executorId()) + ")";
        }
        String streak = consecutive > 1 ? " (" + consecutive + " in a row)" : "";
        String why = run.error() == null ? "" : ": " + run.error().type() + ": " + run.error().message();
        String paused = pausedSchedule ? " The schedule is paused." : "";
        return what + ": run " + run.eventId() + " ended " + state + streak + " after attempt " + run.attempt() + why + paused;
    }

    /** The webhook's body. */
    byte[] body() {
        ObjectNode body = EventJson.mapper().createObjectNode().put("text", text()).put("notificationId", id())
                .put("rule", rule.name()).put("state", state.name()).put("consecutive", consecutive)
                .put("schedulePaused", pausedSchedule);
        body.set("run", EventJson.mapper().valueToTree(run));
        return EventJson.toString(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}

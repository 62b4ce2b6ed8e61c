package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.BackfillProgress;
import dev.eventscheduler.model.Jitter;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.ScheduleProgress;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.Calendars;
import dev.eventscheduler.model.validation.ScheduleRecord;
import dev.eventscheduler.scheduler.tracker.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A schedule as the API lists it: its definition, its {@link State}, how far it is through its
 * runs, its next fire times and its run summary; a refused record with its problems.
 */
final class ScheduleView {

    /** Where a schedule stands. */
    enum State {
        /** It fires on its trigger. */
        ACTIVE,
        /** Kept, not firing, until resumed. */
        PAUSED,
        /** Nothing left to fire: a one-shot fired or skipped, {@code maxRuns} reached, or past {@code endAt}. Listed until deleted. */
        COMPLETED,
        /** The stored record is refused, so it does not fire; a valid definition or a delete mends it. */
        INVALID
    }

    private ScheduleView() {
    }

    static ObjectNode of(ScheduleRecord record, ScheduleProgress progress, Calendars calendars, RunStore.Summary summary,
                         Instant now) {
        ObjectNode view = EventJson.mapper().createObjectNode().put("id", record.key());
        ScheduleDefinition definition = record.definition();
        if (definition != null) {
            view.set("definition", EventJson.mapper().valueToTree(definition));
        }
        State state = state(record, progress, now);
        view.put("state", state.name());
        view.put("fireCount", progress.fireCount());
        if (progress.lastScheduledAt() != null) {
            view.put("lastScheduledAt", progress.lastScheduledAt().toString());
        }
        long runsLeft = definition == null ? Long.MAX_VALUE : progress.runsLeft(definition);
        if (definition != null && definition.maxRuns() != null) {
            view.put("remainingRuns", Math.max(0, runsLeft));
        }
        if (definition != null && definition.backfill() != null) {
            view.set("backfill", backfillView(definition.backfill(), progress.backfill()));
        }
        ArrayNode next = view.putArray("nextFireTimes");
        if (state == State.ACTIVE) {
            int count = (int) Math.min(ApiServer.NEXT_FIRE_TIMES, runsLeft);
            // the times its calendars exclude are skipped, not fired: not listed
            List<Instant> times = SchedulePreview.nextTimes(definition, calendars, now, count, new ArrayList<>());
            times.forEach(t -> next.add(t.toString()));
            putDueTimes(view, definition, times);
        }
        if (state == State.INVALID) {
            view.put("firing", false);
            ArrayNode problems = view.putArray("problems");
            record.problems().forEach(v -> problems.addObject().put("field", v.field()).put("message", v.message()));
        }
        view.set("summary", summary == null ? EventJson.mapper().createObjectNode() : EventJson.mapper().valueToTree(summary));
        return view;
    }

    /**
     * The latest backfill asked for, and how far it has got: {@code fired} and {@code skipped} (by its
     * overlap policy) of {@code times}, {@code done}.
     */
    static ObjectNode backfillView(Backfill backfill, BackfillProgress progress) {
        ObjectNode view = EventJson.mapper().valueToTree(backfill);
        BackfillProgress own = backfill.progressIn(progress);
        view.put("fired", own != null ? own.fired() : 0);
        view.put("skipped", own != null ? own.skipped() : 0);
        if (own != null) {
            view.put("lastTime", own.lastTime().toString());
        }
        view.put("done", backfill.doneBy(progress));
        return view;
    }

    /** With jitter, {@code nextDueTimes}: when each of {@code times} will fire, its delay added. */
    static void putDueTimes(ObjectNode answer, ScheduleDefinition definition, List<Instant> times) {
        if (definition.jitterMs() != null && definition.jitterMs() > 0) {
            ArrayNode due = answer.putArray("nextDueTimes");
            times.forEach(t -> due.add(Jitter.dueAt(definition, t).toString()));
        }
    }

    static State state(ScheduleRecord record, ScheduleProgress progress, Instant now) {
        if (!record.valid()) {
            return State.INVALID;
        }
        if (progress.completed(record.definition(), now)) {
            return State.COMPLETED;
        }
        return record.definition().paused() ? State.PAUSED : State.ACTIVE;
    }
}

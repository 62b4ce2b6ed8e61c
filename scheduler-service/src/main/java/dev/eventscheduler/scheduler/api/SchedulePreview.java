package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.ScheduleProgress;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.Calendars;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code POST /api/schedules/preview} answers for a valid definition, and the rule that a
 * written definition must have a time to come: the times it will fire, on its own clock, with its
 * jitter, as far as its {@code maxRuns} allow, and the times its calendars exclude.
 */
final class SchedulePreview {

    /** The most scheduled times a preview looks at to find ones no calendar excludes. */
    static final int MAX_LOOKED_AT = 1_000;

    private SchedulePreview() {
    }

    /**
     * The next fire times of {@code definition} after {@code now}: as instants, on the cron's clock
     * ({@code timeZone}, {@code localFireTimes}) when it has one, with jitter ({@code nextDueTimes}),
     * and the runs left of its {@code maxRuns} after {@code progress} (an edit keeps its fires so far).
     */
    static ObjectNode of(ScheduleDefinition definition, ScheduleProgress progress, Calendars calendars, Instant now) {
        ObjectNode answer = EventJson.mapper().createObjectNode().put("valid", true);
        ArrayNode next = answer.putArray("nextFireTimes");
        long runsLeft = progress.runsLeft(definition);
        if (definition.maxRuns() != null) {
            answer.put("remainingRuns", Math.max(0, runsLeft));
        }
        List<Instant> excluded = new ArrayList<>();
        List<Instant> times = nextTimes(definition, calendars, now, (int) Math.max(0, Math.min(ApiServer.NEXT_FIRE_TIMES, runsLeft)),
                excluded);
        if (!definition.calendars().isEmpty()) {
            ArrayNode skipped = answer.putArray("excludedTimes");
            excluded.forEach(t -> skipped.add(t.toString()));
        }
        if (definition.trigger() instanceof Trigger.FixedDelay fixedDelay && times.isEmpty() && runsLeft > 0
                && !fixedDelay.endedBy(now)) {
            times = List.of(now); // its first time is when it is written; the later ones follow its runs' ends
        }
        times.forEach(t -> next.add(t.toString()));
        ScheduleView.putDueTimes(answer, definition, times);
        ZoneId zone = wallClockOf(definition.trigger());
        if (zone != null) {
            // the same times on the schedule's own clock, its offset shown: what a DST change does is visible here
            answer.put("timeZone", zone.getId());
            ArrayNode local = answer.putArray("localFireTimes");
            times.forEach(t -> local.add(t.atZone(zone).toOffsetDateTime().toString()));
        }
        if (runsLeft <= 0) {
            answer.put("note", "its maxRuns (" + definition.maxRuns() + ") are used up: it is COMPLETED and fires no more");
        } else if (definition.trigger() instanceof Trigger.FixedDelay fixedDelay) {
            answer.put("note", "then each time " + fixedDelay.fixedDelayMs() + " ms after the previous run's final result"
                    + (fixedDelay.endAt() != null ? ", until " + fixedDelay.endAt() : ""));
        } else if (next.isEmpty()) {
            answer.put("note", "its time has passed: under its misfire policy (" + definition.misfirePolicy() + ") it "
                    + (definition.misfirePolicy() == MisfirePolicy.SKIP ? "is recorded as skipped" : "fires once")
                    + " as soon as it is written");
        }
        return answer;
    }

    /**
     * Up to {@code count} times after {@code now} that fire: those the schedule's calendars exclude
     * are left out and put in {@code excluded} (at most {@code count} of them). At most
     * {@value #MAX_LOOKED_AT} times are looked at, so a calendar that excludes nearly all stays cheap.
     */
    static List<Instant> nextTimes(ScheduleDefinition definition, Calendars calendars, Instant now, int count,
                                   List<Instant> excluded) {
        if (definition.calendars().isEmpty()) {
            return FireTimes.next(definition.trigger(), now, count);
        }
        List<Instant> times = new ArrayList<>();
        Instant time = FireTimes.nextAfter(definition.trigger(), now);
        for (int looked = 0; time != null && times.size() < count && looked < MAX_LOOKED_AT; looked++) {
            if (calendars.excluding(definition.calendars(), time) == null) {
                times.add(time);
            } else if (excluded.size() < count) {
                excluded.add(time);
            }
            time = FireTimes.nextAfter(definition.trigger(), time);
        }
        return times;
    }

    /** The zone of a cron, or of every cron of a union when they share one; null otherwise. */
    private static ZoneId wallClockOf(Trigger trigger) {
        if (trigger instanceof Trigger.Cron cron) {
            return ZoneId.of(cron.timeZone());
        }
        if (trigger instanceof Trigger.Union union) {
            Set<String> zones = union.specs().stream().filter(Trigger.Cron.class::isInstance)
                    .map(spec -> ((Trigger.Cron) spec).timeZone()).collect(Collectors.toSet());
            return zones.size() == 1 ? ZoneId.of(zones.iterator().next()) : null;
        }
        return null;
    }

    /**
     * Refuses a definition the scheduler would never fire, naming the field: a cron that matches no
     * time to come, an end that leaves none, a union none of whose specs has one. A one-shot whose
     * time has passed is accepted: its misfire policy fires it at once or records it as skipped.
     */
    static ScheduleDefinition requireTimeToCome(ScheduleDefinition definition, Instant now) {
        Trigger trigger = definition.trigger();
        if (trigger instanceof Trigger.FixedDelay fixedDelay) {
            // its first time is its startAt, or when it is written
            if (fixedDelay.endedBy(fixedDelay.startAt() != null ? fixedDelay.startAt() : now)) {
                throw refused("trigger.endAt", "is before the first time, " + (fixedDelay.startAt() != null
                        ? "startAt (" + fixedDelay.startAt() + ")" : "now (" + now + ")") + ", so it would never fire");
            }
            return definition;
        }
        if (trigger instanceof Trigger.OneShot || FireTimes.hasTimeAfter(trigger, now)) {
            return definition;
        }
        if (trigger instanceof Trigger.Union) {
            throw refused("trigger.specs", "has no time after now (" + now + ") in any of its specs, so it would never fire");
        }
        if (trigger instanceof Trigger.Cron cron
                && (cron.endAt() == null || FireTimes.nextAfter(new Trigger.Cron(cron.cron(), cron.timeZone()), now) == null)) {
            throw refused("trigger.cron", "matches no time after now (" + now + "), so it would never fire");
        }
        throw refused("trigger.endAt", "leaves no time to fire after now (" + now + "), so it would never fire");
    }

    private static ValidationException refused(String field, String message) {
        return new ValidationException("schedule", List.of(new Violation(field, message)));
    }
}

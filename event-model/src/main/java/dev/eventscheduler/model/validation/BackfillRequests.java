package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A backfill asked for over REST or with the Java client, checked against the schedule's trigger:
 * the range {@code [from, to)} must hold at least one of its times and at most
 * {@value Backfill#MAX_TIMES}, each problem named as the request names it ({@code from}, {@code to};
 * an unknown {@code overlap} is refused as it is read).
 */
public final class BackfillRequests {

    /** The body of {@code POST /api/schedules/{id}/backfill}: {@code {"from", "to", "overlap"}}. */
    public record Request(Instant from, Instant to, OverlapPolicy overlap) {
    }

    private BackfillRequests() {
    }

    /** Reads a request's JSON, naming a field of the wrong shape, or throws a {@link ValidationException}. */
    public static Request read(byte[] json) {
        return EventReader.read(json, Request.class, "backfill", request -> List.of());
    }

    /**
     * The backfill of {@code definition}'s times in {@code [from, to)} under {@code overlap} (null:
     * {@code BUFFER_ALL}), with a new id, asked for at {@code now}.
     *
     * @throws ValidationException listing every problem
     */
    public static Backfill plan(ScheduleDefinition definition, Instant from, Instant to, OverlapPolicy overlap, Instant now) {
        Violations v = new Violations();
        if (v.required("from", from) & v.required("to", to)) {
            v.instant("from", from);
            v.instant("to", to);
            if (!to.isAfter(from)) {
                v.add("to", "must be after from (" + from + "), was " + to);
            }
        }
        if (definition.trigger() instanceof Trigger.FixedDelay) {
            v.add("trigger", "is a fixed delay, whose times follow its runs' ends: it has none to backfill");
        }
        if (!v.list().isEmpty()) {
            throw new ValidationException("backfill", v.list());
        }
        FireTimes.Span span = FireTimes.between(definition.trigger(), from.minusMillis(1), to.minusMillis(1), Backfill.MAX_TIMES);
        List<Violation> problems = new ArrayList<>();
        if (span.more()) {
            problems.add(new Violation("to", "the range holds more than " + Backfill.MAX_TIMES
                    + " times of the schedule's trigger; backfill it in parts"));
        } else if (span.times().isEmpty()) {
            problems.add(new Violation("from", "the range [" + from + ", " + to + ") holds no time of the schedule's trigger"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("backfill", problems);
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new Backfill(id, from, to, overlap, span.times().size(), now);
    }
}

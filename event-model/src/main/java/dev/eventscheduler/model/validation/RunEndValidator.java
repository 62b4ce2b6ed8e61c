package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.RunEnd;
import dev.eventscheduler.model.TaskEvent;
import java.util.List;

/**
 * Checks a {@link RunEnd} read off the run-ends topic, where anyone can write: it must be keyed by
 * its schedule, name a run of that schedule by the run's event id, carry a status that ends a run
 * and instants within bounds. The scheduler ignores one that does not, so a stray record can
 * neither end nor hold a run it does not describe.
 */
public final class RunEndValidator {

    private RunEndValidator() {
    }

    /** Every problem with {@code end}, read under the record key {@code key}; empty when it is valid. */
    public static List<Violation> validate(RunEnd end, String key) {
        Violations v = new Violations();
        v.id("scheduleId", end.scheduleId());
        if (end.scheduleId() != null && !end.scheduleId().equals(key)) {
            v.add("scheduleId", "must equal the record key '" + key + "', was '" + end.scheduleId() + "'");
        }
        if (v.required("scheduledAt", end.scheduledAt())) {
            v.instant("scheduledAt", end.scheduledAt());
        }
        if (v.required("eventId", end.eventId()) && end.scheduleId() != null && end.scheduledAt() != null
                && !end.eventId().equals(TaskEvent.scheduledEventId(end.scheduleId(), end.scheduledAt()))) {
            v.add("eventId", "must be the run's '" + TaskEvent.scheduledEventId(end.scheduleId(), end.scheduledAt())
                    + "', was '" + end.eventId() + "'");
        }
        if (v.required("status", end.status()) && !end.status().endsRun()) {
            v.add("status", "must end a run, was " + end.status());
        }
        if (v.required("endedAt", end.endedAt())) {
            v.instant("endedAt", end.endedAt());
        }
        return v.list();
    }
}

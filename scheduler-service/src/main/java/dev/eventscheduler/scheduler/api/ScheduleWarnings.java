package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.Calendars;
import dev.eventscheduler.scheduler.tracker.TaskTypes;

/**
 * What is worth a word about a valid schedule before it is saved: a task type no executor has run,
 * a calendar it names that does not exist (yet: it may be written after the schedule).
 * The scheduler cannot know the executors' handlers, so it says what the results it has read show,
 * and only when there are results to go by. Warnings do not refuse anything.
 */
final class ScheduleWarnings {

    private ScheduleWarnings() {
    }

    /** The warnings for {@code definition}, each {@code {"field", "message"}} as a violation is. */
    static ArrayNode of(ScheduleDefinition definition, TaskTypes taskTypes, Calendars calendars) {
        ArrayNode warnings = EventJson.mapper().createArrayNode();
        String type = definition.taskType();
        taskTypes.lookup(type).ifPresentOrElse(seen -> {
            if (seen == TaskTypes.Seen.NO_HANDLER) {
                warn(warnings, "the newest '" + type + "' task read was refused by its executor: no handler runs this type, "
                        + "so its runs fail with " + TaskError.UNKNOWN_TASK_TYPE);
            }
        }, () -> {
            if (!taskTypes.isEmpty()) {
                warn(warnings, "no executor has reported running a '" + type + "' task within the tracker's look-back; "
                        + "if none has a handler for it, its runs fail with " + TaskError.UNKNOWN_TASK_TYPE);
            }
        });
        for (int i = 0; i < definition.calendars().size(); i++) {
            String name = definition.calendars().get(i);
            if (calendars.get(name).isEmpty()) {
                warnings.addObject().put("field", "calendars[" + i + "]").put("message", "no calendar named '" + name
                        + "' exists: it excludes nothing until one is written (PUT /api/calendars/" + name + ")");
            }
        }
        return warnings;
    }

    private static void warn(ArrayNode warnings, String message) {
        warnings.addObject().put("field", "taskType").put("message", message);
    }
}

package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.RunState;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskError;
import java.time.Instant;

/**
 * What is known of one run (one event id, all its attempts), as the tracker last saw it. Immutable;
 * each change makes a new one.
 *
 * @param payload the task's payload when it is small (at most {@value RunStore#MAX_KEPT_PAYLOAD_BYTES}
 *                bytes), else null, so the history's memory stays bounded
 * @param rerunOf the event id of the run this one runs again; null unless it is a rerun
 */
public record Run(String eventId, String scheduleId, String taskKey, String taskType, RunState state, int attempt,
                  Instant scheduledAt, Instant firedAt, Instant startedAt, Instant finishedAt, String executorId,
                  JsonNode payload, JsonNode output, TaskError error, String rerunOf, long updateSequence) {
}

package dev.eventscheduler.executor.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.NonRetriableTaskException;
import dev.eventscheduler.executor.TaskContext;
import dev.eventscheduler.executor.TaskHandler;
import dev.eventscheduler.model.json.EventJson;

/**
 * Task type {@code sleep}: waits {@code payload.durationMs} milliseconds (interruptibly) and
 * succeeds; for demos, tests and benchmarks. Output: {@code {"sleptMs": n}}.
 */
public final class SleepHandler implements TaskHandler {

    public static final String TYPE = "sleep";

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public JsonNode handle(TaskContext context) throws InterruptedException {
        JsonNode duration = context.payload() == null ? null : context.payload().get("durationMs");
        if (duration == null || !duration.canConvertToLong() || duration.asLong() < 0) {
            throw new NonRetriableTaskException("payload.durationMs must be a number of milliseconds >= 0, was " + duration);
        }
        context.log().info("sleeping {} ms", duration.asLong());
        Thread.sleep(duration.asLong());
        context.log().info("slept {} ms", duration.asLong());
        return EventJson.mapper().createObjectNode().put("sleptMs", duration.asLong());
    }
}

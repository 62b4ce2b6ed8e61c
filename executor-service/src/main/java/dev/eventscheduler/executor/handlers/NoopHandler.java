package dev.eventscheduler.executor.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.TaskContext;
import dev.eventscheduler.executor.TaskHandler;

/** Task type {@code noop}: does nothing and succeeds; for wiring checks and benchmarks. */
public final class NoopHandler implements TaskHandler {

    public static final String TYPE = "noop";

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public JsonNode handle(TaskContext context) {
        return null;
    }

    /** Nothing to wait for, so no hand-off to a handler thread. */
    @Override
    public boolean runsInline() {
        return true;
    }
}

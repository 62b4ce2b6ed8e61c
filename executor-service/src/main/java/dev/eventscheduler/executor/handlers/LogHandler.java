package dev.eventscheduler.executor.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.TaskContext;
import dev.eventscheduler.executor.TaskHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Task type {@code log}: writes the event and its payload to the log at INFO and succeeds. */
public final class LogHandler implements TaskHandler {

    public static final String TYPE = "log";

    private static final Logger log = LoggerFactory.getLogger(LogHandler.class);

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public JsonNode handle(TaskContext context) {
        log.info("schedule={} event={} key={} attempt={} payload={}", context.event().scheduleId(), context.eventId(),
                context.event().taskKey(), context.attempt(), context.payload());
        return null;
    }
}

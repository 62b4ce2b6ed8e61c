package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.json.EventJson;

/** A handler the executor finds only through {@code META-INF/services} (see the test resources). */
public final class ServiceLoadedHandler implements TaskHandler {

    static final String TYPE = "service-loaded";

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public JsonNode handle(TaskContext context) {
        return EventJson.mapper().createObjectNode().put("foundBy", "ServiceLoader");
    }
}

package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.eventscheduler.model.json.EventJson;

/**
 * Returns the output its payload asks for: {@code text} of {@code chars} characters, or an object
 * Jackson cannot write ({@code opaque}).
 */
final class ReturningHandler implements TaskHandler {

    static final String TYPE = "returning";

    /** A payload asking for an output Jackson cannot write. */
    static JsonNode opaque() {
        return EventJson.mapper().createObjectNode().put("kind", "opaque");
    }

    /** A payload asking for a text output of {@code chars} characters. */
    static JsonNode text(int chars) {
        return EventJson.mapper().createObjectNode().put("kind", "text").put("chars", chars);
    }

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public JsonNode handle(TaskContext context) {
        return switch (context.payload().get("kind").asText()) {
            case "text" -> new TextNode("x".repeat(context.payload().get("chars").asInt()));
            default -> new POJONode(new Object());
        };
    }
}

package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.Violation;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;

/**
 * Every error the API answers, in one format: an RFC 9457 problem ({@code application/problem+json})
 * with {@code title}, {@code status} and {@code detail}, plus two members of our own that clients
 * already read: {@code error} (the same text as {@code detail}) and {@code violations} (each
 * {@code field} and {@code message}; empty when no field is at fault).
 */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    /** Answers {@code ctx} with a problem. */
    static void answer(Context ctx, int status, String detail, List<Violation> violations) {
        ctx.status(status).contentType(CONTENT_TYPE).result(EventJson.toString(body(status, detail, violations)));
    }

    /** The problem body. */
    static ObjectNode body(int status, String detail, List<Violation> violations) {
        ObjectNode body = EventJson.mapper().createObjectNode().put("type", "about:blank")
                .put("title", HttpStatus.forStatus(status).getMessage()).put("status", status)
                .put("detail", detail).put("error", detail);
        ArrayNode list = body.putArray("violations");
        violations.forEach(v -> list.addObject().put("field", v.field()).put("message", v.message()));
        return body;
    }

    /** The problem body as bytes, for errors Jetty answers before any route runs. */
    static byte[] bytes(int status, String detail) {
        return EventJson.toBytes(body(status, detail, List.of()));
    }
}

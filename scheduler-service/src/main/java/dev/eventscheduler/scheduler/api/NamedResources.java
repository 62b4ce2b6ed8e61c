package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.ScheduleValidator;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;

/**
 * What the routes of a resource named in its path ({@code /api/calendars/{name}},
 * {@code /api/notify-rules/{name}}) check alike: the name, as ids are checked, and a body whose
 * name, if it gives one, is the path's.
 */
final class NamedResources {

    private NamedResources() {
    }

    /** The path's {@code name}, or a 400 naming {@code name} when it could be no id. */
    static String pathName(Context ctx, String what) {
        String name = Objects.requireNonNull(ctx.pathParam("name"));
        List<Violation> problems = ScheduleValidator.validateId(name).stream()
                .map(v -> new Violation("name", v.message())).toList();
        if (!problems.isEmpty()) {
            throw new ValidationException(what, problems);
        }
        return name;
    }

    /** The request's JSON object with the path's name in it, as bytes to read; a 400 when it names another. */
    static byte[] bodyNamed(Context ctx, String name, String what) {
        JsonNode body = ApiServer.bodyObject(ctx);
        if (body.has("name") && !name.equals(body.get("name").asText())) {
            throw new ValidationException(what, List.of(new Violation("name", "must match the path ('" + name
                    + "'), was '" + body.get("name").asText() + "'")));
        }
        ((ObjectNode) body).put("name", name);
        return EventJson.toBytes(body);
    }
}

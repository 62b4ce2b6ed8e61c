package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import dev.eventscheduler.scheduler.tracker.DeadLetter;
import dev.eventscheduler.scheduler.tracker.DeadLetterStore;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * {@code /api/dead-letters}: the newest dead letters, paged and filtered; one whole, with its bytes
 * and headers as written; redrive (its task published again as a new run) and discard. A record
 * that is no valid task event is never redriven: it can be read and discarded.
 */
final class DeadLetterRoutes {

    /** The most dead letters one redrive or discard handles; a filter that matches more takes the oldest first. */
    static final int MAX_PER_CALL = 1_000;

    private final StatusTracker tracker;
    private final SchedulerClient publisher;
    private final TaskEventDeserializer events = new TaskEventDeserializer();

    DeadLetterRoutes(StatusTracker tracker, SchedulerClient publisher) {
        this.tracker = tracker;
        this.publisher = publisher;
    }

    /** {@code GET /api/dead-letters?taskType=&errorType=&from=&to=&state=&offset=&limit=}, newest first. */
    void list(Context ctx) {
        DeadLetterStore.Query query = new DeadLetterStore.Query(ctx.queryParam("taskType"), ctx.queryParam("errorType"),
                QueryParams.instant(ctx, "from"), QueryParams.instant(ctx, "to"),
                QueryParams.choice(ctx, "state", DeadLetterStore.State.class, DeadLetterStore.State.WAITING),
                QueryParams.offset(ctx), QueryParams.number(ctx, "limit", 1, RunRoutes.MAX_PAGE, RunRoutes.DEFAULT_PAGE));
        DeadLetterStore.Page page = tracker.deadLetters().find(query);
        ObjectNode body = EventJson.mapper().createObjectNode().put("total", page.total())
                .put("offset", query.offset()).put("limit", query.limit());
        body.set("deadLetters", EventJson.mapper().valueToTree(page.deadLetters()));
        ApiServer.json(ctx, body);
    }

    /** {@code GET /api/dead-letters/{id}}: the summary, and the record's value and headers as written. */
    void get(Context ctx) {
        DeadLetter letter = known(ctx.pathParam("id"));
        ConsumerRecord<String, byte[]> record = tracker.deadLetterRecords(List.of(letter)).get(letter.id());
        if (record == null) {
            throw new ApiException(410, "dead letter '" + letter.id() + "' is no longer on the dead-letter topic");
        }
        ObjectNode body = EventJson.mapper().valueToTree(letter);
        putValue(body, record.value());
        ObjectNode headers = body.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        ApiServer.json(ctx, body);
    }

    /** The value as text when it is UTF-8, else as base64: the original bytes, whatever they are. */
    private static void putValue(ObjectNode body, byte[] value) {
        if (value == null) {
            return;
        }
        try {
            body.put("value", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString());
        } catch (CharacterCodingException e) {
            body.put("valueBase64", Base64.getEncoder().encodeToString(value));
        }
    }

    /**
     * {@code POST /api/dead-letters/redrive} with {@code {"ids": [...]}} or {@code {"filter": {...}}}
     * (taskType, errorType, from, to): each waiting, redrivable one is published again as a new run
     * and recorded as redriven. 200 with what was redriven and what was refused, and why.
     */
    void redrive(Context ctx) {
        List<DeadLetter> chosen = chosen(ctx);
        Map<String, ConsumerRecord<String, byte[]>> records = tracker.deadLetterRecords(
                chosen.stream().filter(DeadLetter::redrivable).filter(l -> l.action() == null).toList());
        ArrayNode redriven = EventJson.mapper().createArrayNode();
        ArrayNode refused = EventJson.mapper().createArrayNode();
        for (DeadLetter letter : chosen) {
            String why = refusal(letter, records.get(letter.id()));
            if (why != null) {
                refused.addObject().put("id", letter.id()).put("reason", why);
                continue;
            }
            ConsumerRecord<String, byte[]> record = records.get(letter.id());
            TaskEvent event = events.deserialize(record.topic(), record.headers(), record.value());
            redriven.addObject().put("id", letter.id()).put("eventId", ApiServer.writer(ctx, publisher).redrive(letter.id(), event));
        }
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.set("redriven", redriven);
        body.set("refused", refused);
        ApiServer.json(ctx, body);
    }

    private static String refusal(DeadLetter letter, ConsumerRecord<String, byte[]> record) {
        if (letter.action() != null) {
            return "already " + letter.action();
        }
        if (!letter.redrivable()) {
            return "not a valid task event (" + letter.errorType() + "): it can be read and discarded, not redriven";
        }
        return record == null ? "could not be read back from the dead-letter topic (gone with retention, or the read"
                + " ran out of time: try again)" : null;
    }

    /** {@code POST /api/dead-letters/discard} with ids or a filter: each waiting one is set aside. */
    void discard(Context ctx) {
        ArrayNode discarded = EventJson.mapper().createArrayNode();
        ArrayNode refused = EventJson.mapper().createArrayNode();
        for (DeadLetter letter : chosen(ctx)) {
            if (letter.action() != null) {
                refused.addObject().put("id", letter.id()).put("reason", "already " + letter.action());
            } else {
                ApiServer.writer(ctx, publisher).discardDeadLetter(letter.id());
                discarded.add(letter.id());
            }
        }
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.set("discarded", discarded);
        body.set("refused", refused);
        ApiServer.json(ctx, body);
    }

    /** The dead letters a body names by {@code ids}, or matches by {@code filter} (waiting ones, oldest first). */
    private List<DeadLetter> chosen(Context ctx) {
        ObjectNode body = ApiServer.bodyObject(ctx);
        JsonNode ids = body.get("ids");
        JsonNode filter = body.get("filter");
        if ((ids == null) == (filter == null)) {
            throw invalid("body", "must have either ids (a list of dead-letter ids) or filter (an object), not "
                    + (ids == null ? "neither" : "both"));
        }
        if (ids != null) {
            if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_PER_CALL) {
                throw invalid("ids", "must be a list of 1 to " + MAX_PER_CALL + " dead-letter ids");
            }
            List<DeadLetter> named = new ArrayList<>();
            ids.forEach(id -> named.add(known(id.asText())));
            return named;
        }
        if (!filter.isObject()) {
            throw invalid("filter", "must be an object with any of taskType, errorType, from, to");
        }
        List<DeadLetter> matching = new ArrayList<>(tracker.deadLetters().matching(new DeadLetterStore.Query(
                text(filter, "taskType"), text(filter, "errorType"), instant(filter, "from"), instant(filter, "to"),
                DeadLetterStore.State.WAITING, 0, Integer.MAX_VALUE)));
        java.util.Collections.reverse(matching);
        return matching.subList(0, Math.min(MAX_PER_CALL, matching.size()));
    }

    private DeadLetter known(String id) {
        DeadLetter letter = tracker.deadLetters().get(id);
        if (letter == null) {
            throw new ApiException(404, "no dead letter '" + id + "' among the " + DeadLetterStore.MAX_KEPT + " newest");
        }
        return letter;
    }

    private static String text(JsonNode filter, String field) {
        return ApiServer.optionalText(filter, field, "filter." + field);
    }

    private static Instant instant(JsonNode filter, String field) {
        return QueryParams.parseInstant("filter." + field, text(filter, field));
    }

    private static ValidationException invalid(String field, String message) {
        return new ValidationException("request", List.of(new Violation(field, message)));
    }
}

package dev.eventscheduler.model.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.Trigger;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells a trigger's kind by the one field that names it. JSON with none or several of those fields
 * is refused with a message that lists them; Jackson adds the {@code trigger} path.
 */
public final class TriggerDeserializer extends JsonDeserializer<Trigger> {

    /** The field that marks each kind of trigger. */
    private static final Map<String, Class<? extends Trigger>> KIND_FIELDS = Map.of(
            "cron", Trigger.Cron.class,
            "intervalMs", Trigger.Interval.class,
            "at", Trigger.OneShot.class,
            "specs", Trigger.Union.class,
            "fixedDelayMs", Trigger.FixedDelay.class);

    @Override
    public Trigger deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode node = context.readTree(parser);
        if (!(node instanceof ObjectNode object)) {
            return (Trigger) context.handleUnexpectedToken(Trigger.class, parser.currentToken(), parser,
                    "must be an object with one of cron, intervalMs, at, specs, fixedDelayMs");
        }
        List<String> present = new ArrayList<>();
        for (String field : List.of("cron", "intervalMs", "at", "specs", "fixedDelayMs")) {
            if (object.hasNonNull(field)) {
                present.add(field);
            }
        }
        if (present.size() != 1) {
            context.reportInputMismatch(Trigger.class,
                    "must have exactly one of cron, intervalMs, at, specs, fixedDelayMs; found %s",
                    present.isEmpty() ? "none" : String.join(", ", present));
        }
        Class<? extends Trigger> kind = KIND_FIELDS.get(present.get(0));
        try (JsonParser kindParser = object.traverse(parser.getCodec())) {
            kindParser.nextToken();
            return context.readValue(kindParser, kind);
        }
    }
}

package dev.eventscheduler.model.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.Calendar;
import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads untrusted JSON (a REST body, say) into an event and validates it, reporting every problem
 * at once: a field of the wrong shape is noted and left out, and reading goes on, so one request
 * gets the whole list rather than one error at a time.
 */
public final class EventReader {

    /** Bounds the read-note-retry loop; a document with more shape errors reports the first ones. */
    private static final int MAX_SHAPE_PROBLEMS = 50;

    private EventReader() {
    }

    /** Reads and validates a schedule definition, or throws a {@link ValidationException}. */
    public static ScheduleDefinition readSchedule(byte[] json) {
        return read(json, ScheduleDefinition.class, "schedule", ScheduleValidator::validate);
    }

    /** Reads and validates an exclusion calendar, or throws a {@link ValidationException}. */
    public static Calendar readCalendar(byte[] json) {
        return read(json, Calendar.class, "calendar", CalendarValidator::validate);
    }

    /** Reads and validates a notify rule, or throws a {@link ValidationException}. */
    public static NotifyRule readNotifyRule(byte[] json) {
        return read(json, NotifyRule.class, "notify rule", NotifyRuleValidator::validate);
    }

    /** Reads and validates a task event, or throws a {@link ValidationException}. */
    public static TaskEvent readTaskEvent(byte[] json) {
        return read(json, TaskEvent.class, "task event", TaskEventValidator::validate);
    }

    /**
     * Reads and validates a one-off event from outside (a REST body): as {@link #readTaskEvent}, and it
     * may not claim to be a schedule's fire ({@link TaskEventValidator#validateOneOff}).
     */
    public static TaskEvent readOneOffEvent(byte[] json) {
        return read(json, TaskEvent.class, "task event", TaskEventValidator::validateOneOff);
    }

    static <T> T read(byte[] json, Class<T> type, String what, Function<T, List<Violation>> validator) {
        JsonNode tree;
        try {
            tree = EventJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException(what, List.of(new Violation("body", "is not valid JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ValidationException(what, List.of(new Violation("body", "cannot be read: " + e.getMessage())));
        }
        if (tree == null || !tree.isObject()) {
            throw new ValidationException(what, List.of(new Violation("body", "must be a JSON object")));
        }
        List<Violation> problems = new ArrayList<>();
        T value = null;
        for (int i = 0; i < MAX_SHAPE_PROBLEMS && value == null; i++) {
            try {
                value = EventJson.mapper().treeToValue(tree, type);
            } catch (JsonMappingException e) {
                String field = pathOf(e);
                problems.add(new Violation(field.isEmpty() ? "body" : field, describe(e)));
                if (field.isEmpty() || !remove(tree, e.getPath())) {
                    throw new ValidationException(what, problems);
                }
            } catch (JsonProcessingException e) {
                problems.add(new Violation("body", e.getOriginalMessage()));
                throw new ValidationException(what, problems);
            }
        }
        if (value == null) {
            throw new ValidationException(what, problems);
        }
        // a field already reported for its shape is not reported again as missing
        List<String> reported = problems.stream().map(Violation::field).toList();
        for (Violation violation : validator.apply(value)) {
            if (reported.stream().noneMatch(f -> violation.field().equals(f) || violation.field().startsWith(f + "."))) {
                problems.add(violation);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(what, problems);
        }
        return value;
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** A message in the user's terms, not Jackson's. The trigger's own message already is. */
    private static String describe(JsonMappingException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && m.getTargetType() != Trigger.class) {
            return "must be " + expected(m.getTargetType());
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException refused) {
            // a value's own factory refused it (an overlap policy), in words meant for the user
            return refused.getMessage();
        }
        return e.getOriginalMessage();
    }

    private static String expected(Class<?> target) {
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "a whole number";
        }
        if (target == double.class || target == Double.class) {
            return "a number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target == Instant.class) {
            return "an ISO-8601 instant such as 2026-11-21T10:00:00Z";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Map.class.isAssignableFrom(target)) {
            return "an object of string values";
        }
        return "of type " + target.getSimpleName();
    }

    /** Removes the node at {@code path} from {@code tree}; false when it cannot be found. */
    private static boolean remove(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode parent = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonMappingException.Reference ref = path.get(i);
            parent = ref.getFieldName() != null ? parent.get(ref.getFieldName()) : parent.get(ref.getIndex());
            if (parent == null) {
                return false;
            }
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && last.getFieldName() != null && object.has(last.getFieldName())) {
            object.remove(last.getFieldName());
            return true;
        }
        if (parent instanceof ArrayNode array && last.getIndex() >= 0 && last.getIndex() < array.size()) {
            array.remove(last.getIndex());
            return true;
        }
        return false;
    }
}

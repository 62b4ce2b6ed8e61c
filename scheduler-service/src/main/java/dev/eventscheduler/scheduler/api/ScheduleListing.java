package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.ScheduleRecord;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import dev.eventscheduler.model.RunState;
import dev.eventscheduler.scheduler.tracker.RunStore;
import dev.eventscheduler.scheduler.tracker.ScheduleCatalog;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/schedules}: one page of the schedules that match the filters, in id order (the catalog's), with
 * how many match in all. Filters: {@code idPrefix}, {@code taskType}, {@code label} ({@code key} or
 * {@code key=value}), {@code state} ({@link ScheduleView.State}), {@code lastState} (the state of its
 * latest run, one or more {@link RunState}s, comma-separated: {@code FAILED,TIMED_OUT,DEAD_LETTERED}
 * finds the failing ones); paging: {@code offset} and
 * {@code limit} (1 to {@value #MAX_PAGE}, default {@value #MAX_PAGE}), so a list of ten thousand is
 * never one answer. Only the page's views are built.
 */
final class ScheduleListing {

    /** The most schedules one answer lists, and how many it lists when not asked. */
    static final int MAX_PAGE = 1_000;
    /** The longest filter value taken: ids and task types are at most 200 characters. */
    static final int MAX_FILTER_LENGTH = 400;

    /** What a list asks for; null filters match every schedule. */
    record Query(String idPrefix, String taskType, String labelKey, String labelValue, ScheduleView.State state,
                 Set<RunState> lastStates, int offset, int limit) {

        static Query of(Context ctx) {
            String label = text(ctx, "label");
            int equals = label == null ? -1 : label.indexOf('=');
            return new Query(text(ctx, "idPrefix"), text(ctx, "taskType"), equals < 0 ? label : label.substring(0, equals),
                    equals < 0 ? null : label.substring(equals + 1), QueryParams.choice(ctx, "state", ScheduleView.State.class, null),
                    QueryParams.choices(ctx, "lastState", RunState.class), QueryParams.offset(ctx), QueryParams.number(ctx, "limit", 1, MAX_PAGE, MAX_PAGE));
        }

        private static String text(Context ctx, String name) {
            String value = ctx.queryParam(name);
            if (value != null && value.length() > MAX_FILTER_LENGTH) {
                throw new ValidationException("query", List.of(new Violation(name,
                        "must be at most " + MAX_FILTER_LENGTH + " characters, was " + value.length())));
            }
            return value == null || value.isEmpty() ? null : value;
        }
    }

    private ScheduleListing() {
    }

    /** The page {@code query} asks for: {@code total} matching, {@code offset}, {@code limit}, {@code schedules}. */
    static ObjectNode page(ScheduleCatalog catalog, RunStore runs, Query query, Instant now,
                           Function<ScheduleRecord, ObjectNode> view) {
        // the catalog lists in id order
        List<ScheduleRecord> matching = catalog.all().stream().filter(record -> matches(record, query, catalog, now))
                .filter(record -> query.lastStates() == null || query.lastStates().contains(runs.lastState(record.key())))
                .toList();
        ObjectNode answer = EventJson.mapper().createObjectNode().put("total", matching.size())
                .put("offset", query.offset()).put("limit", query.limit());
        ArrayNode schedules = answer.putArray("schedules");
        matching.stream().skip(query.offset()).limit(query.limit()).forEach(record -> schedules.add(view.apply(record)));
        return answer;
    }

    private static boolean matches(ScheduleRecord record, Query query, ScheduleCatalog catalog, Instant now) {
        if (query.idPrefix() != null && !record.key().startsWith(query.idPrefix())) {
            return false;
        }
        ScheduleDefinition definition = record.definition();
        if (query.taskType() != null && (definition == null || !query.taskType().equals(definition.taskType()))) {
            return false;
        }
        if (query.labelKey() != null && !hasLabel(definition, query.labelKey(), query.labelValue())) {
            return false;
        }
        return query.state() == null || ScheduleView.state(record, catalog.progress(record.key()), now) == query.state();
    }

    private static boolean hasLabel(ScheduleDefinition definition, String key, String value) {
        Map<String, String> labels = definition == null ? Map.of() : definition.labels();
        return labels.containsKey(key) && (value == null || value.equals(labels.get(key)));
    }
}

package dev.eventscheduler.scheduler.api;

import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.validation.RunControlValidator;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import dev.eventscheduler.scheduler.tracker.Run;
import dev.eventscheduler.model.RunState;
import dev.eventscheduler.scheduler.tracker.RunLogStore;
import dev.eventscheduler.scheduler.tracker.RunStore;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/runs} and {@code GET /api/runs/{eventId}}: the tracker's run history, queried and
 * paged; {@code GET /api/runs/{eventId}/logs}: what its attempts' handlers logged; {@code POST /api/runs/{eventId}/cancel} and {@code /rerun}: stop a run, run an ended one
 * again; {@code GET /api/run-states}:
 * the states a run goes through, as {@link RunState} defines them.
 */
final class RunRoutes {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;
    private static final long RETENTION_DAYS = Duration.ofMillis(TopicPlan.EVENT_RETENTION_MS).toDays();

    private final StatusTracker tracker;
    private final SchedulerClient publisher;
    private final Clock clock;
    /** The latest overview worked out, reused for {@link #OVERVIEW_REUSED_FOR}. */
    private volatile Overview overview;

    /** How long one overview answers every request for it. */
    static final Duration OVERVIEW_REUSED_FOR = Duration.ofSeconds(1);

    private record Overview(Instant at, JsonNode json) {
    }

    RunRoutes(StatusTracker tracker, SchedulerClient publisher, Clock clock) {
        this.clock = clock;
        this.tracker = tracker;
        this.publisher = publisher;
    }

    /**
     * {@code GET /api/overview}: the last hour at a glance, worked out from every run kept
     * ({@link dev.eventscheduler.scheduler.tracker.RunOverview}). It walks up to every run under the
     * run store's lock, so it is worked out at most once per {@link #OVERVIEW_REUSED_FOR}, however
     * many ask: no client can hold the tracker up by asking often.
     */
    void overview(Context ctx) {
        Instant now = clock.instant();
        Overview last = overview;
        if (last == null || !now.isBefore(last.at().plus(OVERVIEW_REUSED_FOR)) || now.isBefore(last.at())) {
            last = new Overview(now, EventJson.mapper().valueToTree(tracker.runs().overview(now)));
            overview = last;
        }
        ApiServer.json(ctx, last.json());
    }


    void listRuns(Context ctx) {
        RunStore.Query query = new RunStore.Query(ctx.queryParam("scheduleId"),
                QueryParams.choice(ctx, "status", RunState.class, null), QueryParams.instant(ctx, "from"),
                QueryParams.instant(ctx, "to"), eventIdPrefix(ctx), QueryParams.choice(ctx, "sort", RunStore.Sort.class,
                RunStore.Sort.UPDATED), QueryParams.choice(ctx, "order", Order.class, Order.DESC) == Order.ASC,
                QueryParams.offset(ctx), QueryParams.number(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE));
        RunStore.Page page = tracker.runs().find(query);
        ObjectNode body = EventJson.mapper().createObjectNode().put("total", page.total())
                .put("offset", query.offset()).put("limit", query.limit());
        body.set("runs", EventJson.mapper().valueToTree(page.runs()));
        ApiServer.json(ctx, body);
    }

    /** A list's direction: {@code desc} (newest first, the default) or {@code asc}. */
    private enum Order { ASC, DESC }

    /** The longest event id prefix searched for: event ids are at most 1,000 characters. */
    static final int MAX_PREFIX_LENGTH = 1_000;

    private static String eventIdPrefix(Context ctx) {
        String prefix = ctx.queryParam("eventIdPrefix");
        if (prefix != null && prefix.length() > MAX_PREFIX_LENGTH) {
            throw new ValidationException("query", List.of(new Violation("eventIdPrefix",
                    "must be at most " + MAX_PREFIX_LENGTH + " characters, was " + prefix.length())));
        }
        return prefix == null || prefix.isEmpty() ? null : prefix;
    }

    void getRun(Context ctx) {
        ApiServer.json(ctx, EventJson.mapper().valueToTree(knownRun(ctx)));
    }

    /**
     * What each attempt of the run logged, as the tracker keeps it ({@link RunLogStore}), with
     * whether the run has ended: a client tails a live run by asking again until it has and every
     * attempt's log is complete. 404 when the tracker knows neither the run nor any log of it.
     */
    void runLogs(Context ctx) {
        String eventId = ctx.pathParam("eventId");
        List<RunLogStore.AttemptLog> attempts = tracker.runLogs().of(eventId);
        Run run = tracker.runs().get(eventId);
        if (run == null && attempts.isEmpty()) {
            throw new ApiException(404, "no run with eventId '" + eventId + "' and no log of one in the tracker's history");
        }
        ObjectNode body = EventJson.mapper().createObjectNode().put("eventId", eventId)
                .put("state", run == null ? null : run.state().name())
                .put("ended", run != null && run.state().isFinal());
        body.set("attempts", EventJson.mapper().valueToTree(attempts));
        ApiServer.json(ctx, body);
    }

    /**
     * Asks the run to stop, through the control topic every executor reads; {@code {"reason": ...}}
     * is optional. 202 once Kafka has the request: the run ends {@code CANCELLED} when an executor
     * applies it, unless it ends some other way first. 404 for a run the tracker does not know, 409
     * for one that has ended.
     */
    void cancel(Context ctx) {
        Run run = knownRun(ctx);
        ObjectNode body = ApiServer.bodyObject(ctx);
        String reason = ApiServer.optionalText(body, "reason", "reason");
        List<Violation> problems = RunControlValidator.validateReason(reason);
        if (!problems.isEmpty()) {
            throw new ValidationException("cancel", problems);
        }
        if (run.state().isFinal()) {
            throw new ApiException(409, "run '" + run.eventId() + "' has already ended " + run.state()
                    + "; only a run that has not ended can be cancelled");
        }
        ApiServer.writer(ctx, publisher).cancel(run.eventId(), reason);
        ctx.status(202);
        ApiServer.json(ctx, EventJson.mapper().createObjectNode().put("eventId", run.eventId())
                .put("state", run.state().name()).put("cancel", "REQUESTED"));
    }

    /**
     * Runs an ended run's task again as a new run ({@code rerunOf} the original, a fresh attempt
     * count), from the task event it fired with, read back from the tasks topic. 202 with the new
     * event id; 404 for a run the tracker does not know, 409 for one that has not ended or never
     * fired (a skipped time), 410 when its event has left the tasks topic (retention).
     */
    void rerun(Context ctx) {
        Run run = knownRun(ctx);
        if (!run.state().isFinal()) {
            throw new ApiException(409, "run '" + run.eventId() + "' has not ended (" + run.state()
                    + "); cancel it first, or wait for its end");
        }
        if (run.firedAt() == null) {
            throw new ApiException(409, "run '" + run.eventId() + "' never fired (" + run.state()
                    + "), so there is no task to run again; trigger its schedule instead");
        }
        TaskEvent original = tracker.firedEvent(run).orElseThrow(() -> new ApiException(410, "the task event of run '"
                + run.eventId() + "' is no longer on the tasks topic (which keeps events " + RETENTION_DAYS + " days by default), so it cannot be run again"));
        String eventId = ApiServer.writer(ctx, publisher).rerun(original);
        ctx.status(202);
        ApiServer.json(ctx, EventJson.mapper().createObjectNode().put("eventId", eventId).put("rerunOf", run.eventId()));
    }

    private Run knownRun(Context ctx) {
        Run run = tracker.runs().get(ctx.pathParam("eventId"));
        if (run == null) {
            throw new ApiException(404, "no run with eventId '" + ctx.pathParam("eventId") + "' in the tracker's history");
        }
        return run;
    }

    /**
     * Every run state, in order, with whether it ends the run, where it may move, and how the
     * dashboard shows it: {@code color} for charts, {@code tone} ({@code ok}, {@code failed},
     * {@code skipped}, {@code active}) for text. The dashboard draws from this list, so a new state
     * needs no change there.
     */
    void runStates(Context ctx) {
        ArrayNode states = EventJson.mapper().createArrayNode();
        for (RunState state : RunState.values()) {
            ObjectNode entry = states.addObject().put("state", state.name()).put("final", state.isFinal())
                    .put("color", color(state)).put("tone", tone(state));
            ArrayNode next = entry.putArray("next");
            state.next().forEach(to -> next.add(to.name()));
        }
        ApiServer.json(ctx, states);
    }

    private static String color(RunState state) {
        return switch (state) {
            case BUFFERED -> "#c5ccd3";
            case FIRED -> "#9aa5b1";
            case STARTED -> "#1f6fb3";
            case RETRY_SCHEDULED -> "#6b4fbb";
            case SUCCEEDED -> "#1e7b34";
            case FAILED -> "#b3261e";
            case TIMED_OUT -> "#d9730d";
            case DEAD_LETTERED -> "#7b1e1e";
            case SKIPPED -> "#c9a400";
            case CANCELLED -> "#5f6b76";
        };
    }

    private static String tone(RunState state) {
        return switch (state) {
            case BUFFERED, FIRED, STARTED, RETRY_SCHEDULED -> "active";
            case SUCCEEDED -> "ok";
            case FAILED, TIMED_OUT, DEAD_LETTERED -> "failed";
            case SKIPPED, CANCELLED -> "skipped";
        };
    }
}

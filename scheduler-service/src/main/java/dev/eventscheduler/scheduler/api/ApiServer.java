package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.EventReader;
import dev.eventscheduler.model.validation.ScheduleValidator;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import dev.eventscheduler.scheduler.internal.FireTimes;
import dev.eventscheduler.scheduler.tracker.Run;
import dev.eventscheduler.scheduler.tracker.RunState;
import dev.eventscheduler.scheduler.tracker.RunStore;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The scheduler's HTTP surface: the schedules and runs API under {@code /api}, {@code /health} and
 * {@code /metrics}. Writes go to Kafka (the schedules and tasks topics), never straight into memory,
 * so every instance sees them the same way; reads come from the status tracker.
 */
public final class ApiServer implements AutoCloseable {

    /** Request bodies larger than this get 413. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /** Next fire times shown per schedule. */
    public static final int NEXT_FIRE_TIMES = 5;
    static final int DEFAULT_PAGE = 50;
    /** How long a write waits for this instance's catalog to show it. */
    static final java.time.Duration CATALOG_WAIT = java.time.Duration.ofSeconds(3);
    static final int MAX_PAGE = 500;

    private final Javalin app;
    private final StatusTracker tracker;
    private final SchedulerClient publisher;
    private final Clock clock;
    private final byte[] token;

    public ApiServer(String host, int port, String apiToken, StatusTracker tracker, SchedulerClient publisher,
                     Supplier<ObjectNode> health, PrometheusMeterRegistry metrics, Clock clock) {
        this.tracker = tracker;
        this.publisher = publisher;
        this.clock = clock;
        this.token = apiToken == null ? null : apiToken.getBytes(StandardCharsets.UTF_8);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.useVirtualThreads = false;
            config.jetty.defaultHost = host;
            // the dashboard: plain static files from the classpath, no build step
            config.staticFiles.add(staticFiles -> {
                staticFiles.hostedPath = "/";
                staticFiles.directory = "/dashboard";
                staticFiles.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
        });
        app.before("/api/*", this::guard);
        app.post("/api/schedules/preview", this::preview);
        app.put("/api/schedules/{id}", this::putSchedule);
        app.get("/api/schedules", this::listSchedules);
        app.get("/api/schedules/{id}", ctx -> json(ctx, scheduleView(existing(ctx))));
        app.delete("/api/schedules/{id}", this::deleteSchedule);
        app.post("/api/schedules/{id}/pause", ctx -> setPaused(ctx, true));
        app.post("/api/schedules/{id}/resume", ctx -> setPaused(ctx, false));
        app.post("/api/schedules/{id}/trigger", this::trigger);
        app.post("/api/events", this::postEvent);
        app.get("/api/runs", this::listRuns);
        app.get("/api/runs/{eventId}", this::getRun);
        app.sse("/api/stream", this::stream);
        app.get("/health", ctx -> {
            ObjectNode body = health.get();
            ctx.status("UP".equals(body.path("status").asText()) ? 200 : 503);
            json(ctx, body);
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.exception(ValidationException.class, (e, ctx) -> problem(ctx, 400, e.getMessage(), e.violations()));
        app.exception(ApiException.class, (e, ctx) -> problem(ctx, e.status, e.getMessage(), List.of()));
        app.exception(EventSchedulerException.class, (e, ctx) -> problem(ctx, 503, e.getMessage(), List.of()));
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                problem(ctx, 404, "no such resource: " + ctx.method() + " " + ctx.path(), List.of());
            }
        });
        app.error(413, ctx -> problem(ctx, 413, "request body larger than " + MAX_BODY_BYTES + " bytes", List.of()));
        app.start(port);
    }

    public int port() {
        return app.port();
    }

    /** Bearer-token check (constant time) and the body size limit, before any /api handler. */
    private void guard(Context ctx) {
        if (token != null) {
            String header = ctx.header("Authorization");
            String presented = header != null && header.startsWith("Bearer ") ? header.substring(7)
                    : ctx.path().equals("/api/stream") ? ctx.queryParam("access_token") : null;
            if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new ApiException(401, "missing or wrong API token: send 'Authorization: Bearer <token>'");
            }
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
        }
    }

    private void putSchedule(Context ctx) {
        String id = pathId(ctx);
        JsonNode body = bodyObject(ctx);
        if (body.has("id") && !id.equals(body.get("id").asText())) {
            throw new ValidationException("schedule", List.of(new Violation("id", "must match the path ('" + id + "'), was '"
                    + body.get("id").asText() + "'")));
        }
        ((ObjectNode) body).put("id", id);
        ScheduleDefinition definition = EventReader.readSchedule(EventJson.toBytes(body));
        boolean existed = tracker.catalog().get(id).isPresent();
        publisher.upsert(definition);
        awaitCatalog(id, definition);
        ctx.status(existed ? 200 : 201);
        json(ctx, EventJson.mapper().valueToTree(definition));
    }

    /**
     * Validates a definition without writing it and answers its next fire times: the dashboard's
     * form checks what is typed as it is typed. The id may be left out.
     */
    private void preview(Context ctx) {
        ObjectNode body = bodyObject(ctx);
        if (!body.hasNonNull("id")) {
            body.put("id", "preview");
        }
        ScheduleDefinition definition = EventReader.readSchedule(EventJson.toBytes(body));
        ObjectNode answer = EventJson.mapper().createObjectNode().put("valid", true);
        ArrayNode next = answer.putArray("nextFireTimes");
        FireTimes.next(definition.trigger(), clock.instant(), NEXT_FIRE_TIMES).forEach(t -> next.add(t.toString()));
        json(ctx, answer);
    }

    private void listSchedules(Context ctx) {
        ArrayNode list = EventJson.mapper().createArrayNode();
        tracker.catalog().all().forEach(definition -> list.add(scheduleView(definition)));
        json(ctx, EventJson.mapper().createObjectNode().put("total", list.size()).set("schedules", list));
    }

    private void deleteSchedule(Context ctx) {
        ScheduleDefinition definition = existing(ctx);
        publisher.delete(definition.id());
        awaitCatalog(definition.id(), null);
        ctx.status(204);
    }

    private void setPaused(Context ctx, boolean paused) {
        ScheduleDefinition updated = existing(ctx).withPaused(paused);
        publisher.upsert(updated);
        awaitCatalog(updated.id(), updated);
        json(ctx, EventJson.mapper().valueToTree(updated));
    }

    /** Fires the schedule once now, outside its trigger; its trigger state is not touched. */
    private void trigger(Context ctx) {
        ScheduleDefinition definition = existing(ctx);
        Instant now = clock.instant();
        TaskEvent event = new TaskEvent(definition.id() + "@" + now.toEpochMilli() + "-manual", definition.id(),
                definition.taskKey(), definition.taskType(), definition.payload(), now, now, 1, null,
                definition.timeoutMs(), definition.retry());
        publisher.publish(event);
        ctx.status(202);
        json(ctx, EventJson.mapper().createObjectNode().put("eventId", event.eventId()));
    }

    /** A one-off event: the id and key are filled in when absent (key: the event id). */
    private void postEvent(Context ctx) {
        ObjectNode body = bodyObject(ctx);
        if (!body.hasNonNull("eventId")) {
            body.put("eventId", UUID.randomUUID().toString());
        }
        if (!body.hasNonNull("taskKey")) {
            body.set("taskKey", body.get("eventId"));
        }
        Instant now = clock.instant();
        if (!body.hasNonNull("scheduledAt")) {
            body.put("scheduledAt", now.toString());
        }
        body.put("firedAt", now.toString());
        TaskEvent event = EventReader.readTaskEvent(EventJson.toBytes(body));
        publisher.publish(event);
        ctx.status(202);
        json(ctx, EventJson.mapper().createObjectNode().put("eventId", event.eventId()));
    }

    private void listRuns(Context ctx) {
        RunStore.Query query = new RunStore.Query(ctx.queryParam("scheduleId"), state(ctx.queryParam("status")),
                instant(ctx, "from"), instant(ctx, "to"), number(ctx, "offset", 0, Integer.MAX_VALUE, 0),
                number(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE));
        RunStore.Page page = tracker.runs().find(query);
        ObjectNode body = EventJson.mapper().createObjectNode().put("total", page.total())
                .put("offset", query.offset()).put("limit", query.limit());
        body.set("runs", EventJson.mapper().valueToTree(page.runs()));
        json(ctx, body);
    }

    private void getRun(Context ctx) {
        Run run = tracker.runs().get(ctx.pathParam("eventId"));
        if (run == null) {
            throw new ApiException(404, "no run with eventId '" + ctx.pathParam("eventId") + "' in the tracker's history");
        }
        json(ctx, EventJson.mapper().valueToTree(run));
    }

    /** Server-sent events: one {@code run} event per change the tracker sees, until the client leaves. */
    private void stream(SseClient client) {
        client.keepAlive();
        Consumer<Run> listener = run -> {
            if (client.terminated()) {
                throw new IllegalStateException("client gone");
            }
            client.sendEvent("run", EventJson.toString(run), run.eventId());
        };
        client.onClose(() -> tracker.runs().removeListener(listener));
        tracker.runs().addListener(listener);
        client.sendComment("connected");
    }

    /**
     * Read-your-writes: waits (bounded) until this instance's catalog shows what it just wrote, so a
     * GET right after a PUT or DELETE answers with it.
     */
    private void awaitCatalog(String id, ScheduleDefinition expected) {
        long deadline = System.nanoTime() + CATALOG_WAIT.toNanos();
        while (System.nanoTime() < deadline
                && !java.util.Objects.equals(tracker.catalog().get(id).orElse(null), expected)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ObjectNode scheduleView(ScheduleDefinition definition) {
        ObjectNode view = EventJson.mapper().createObjectNode();
        view.set("definition", EventJson.mapper().valueToTree(definition));
        ArrayNode next = view.putArray("nextFireTimes");
        if (!definition.paused()) {
            FireTimes.next(definition.trigger(), clock.instant(), NEXT_FIRE_TIMES).forEach(t -> next.add(t.toString()));
        }
        RunStore.Summary summary = tracker.runs().summary(definition.id());
        view.set("summary", summary == null ? EventJson.mapper().createObjectNode() : EventJson.mapper().valueToTree(summary));
        return view;
    }

    private ScheduleDefinition existing(Context ctx) {
        String id = pathId(ctx);
        return tracker.catalog().get(id).orElseThrow(() -> new ApiException(404, "no schedule with id '" + id + "'"));
    }

    private static String pathId(Context ctx) {
        String id = ctx.pathParam("id");
        List<Violation> problems = ScheduleValidator.validateId(id);
        if (!problems.isEmpty()) {
            throw new ValidationException("schedule", problems);
        }
        return id;
    }

    private static ObjectNode bodyObject(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        JsonNode body;
        try {
            body = EventJson.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new ValidationException("body", List.of(new Violation("body", "is not valid JSON")));
        }
        if (!(body instanceof ObjectNode object)) {
            throw new ValidationException("body", List.of(new Violation("body", "must be a JSON object")));
        }
        return object;
    }

    private static RunState state(String value) {
        if (value == null) {
            return null;
        }
        try {
            return RunState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("query", List.of(new Violation("status", "must be one of "
                    + List.of(RunState.values()) + ", was '" + value + "'")));
        }
    }

    private static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException("query", List.of(new Violation(name,
                    "must be an ISO-8601 instant such as 2026-11-21T10:00:00Z, was '" + value + "'")));
        }
    }

    private static int number(Context ctx, String name, int min, int max, int defaultValue) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ValidationException("query", List.of(new Violation(name,
                "must be a whole number from " + min + " to " + max + ", was '" + value + "'")));
    }

    private static void json(Context ctx, JsonNode body) {
        ctx.contentType("application/json").result(EventJson.toString(body));
    }

    private static void problem(Context ctx, int status, String message, List<Violation> violations) {
        ObjectNode body = EventJson.mapper().createObjectNode().put("status", status).put("error", message);
        ArrayNode list = body.putArray("violations");
        violations.forEach(v -> list.addObject().put("field", v.field()).put("message", v.message()));
        ctx.status(HttpStatus.forStatus(status));
        json(ctx, body);
    }

    @Override
    public void close() {
        app.stop();
    }

    /** An error with its HTTP status. */
    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}

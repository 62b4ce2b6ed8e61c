package dev.eventscheduler.scheduler.api;

import dev.eventscheduler.model.FireTimes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.json.EventJson;
import com.sun.management.UnixOperatingSystemMXBean;
import dev.eventscheduler.model.validation.EventReader;
import dev.eventscheduler.model.validation.ScheduleRecord;
import dev.eventscheduler.model.validation.ScheduleValidator;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import dev.eventscheduler.scheduler.tracker.RunStore;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's HTTP surface: the schedules and runs API under {@code /api}, {@code /health} and
 * {@code /metrics}. Writes go to Kafka (the schedules and tasks topics), never straight into memory,
 * so every instance sees them the same way; reads come from the status tracker.
 */
public final class ApiServer implements AutoCloseable {

    /** Next fire times shown per schedule. */
    public static final int NEXT_FIRE_TIMES = 5;
    /** The most {@code /api/stream} subscribers at once; more are answered 503 with {@code Retry-After}. */
    public static final int MAX_STREAMS = 200;
    /**
     * The most HTTP connections open at once; Jetty stops accepting beyond it. Kept to a quarter of
     * the process's file descriptors, so a flood of connections cannot starve Kafka's clients or an
     * embedded broker of theirs.
     */
    public static final int MAX_CONNECTIONS = 1_000;
    /** How long a write waits for this instance's catalog to show it. */
    static final java.time.Duration CATALOG_WAIT = java.time.Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;
    private final StatusTracker tracker;
    private final SchedulerClient publisher;
    private final Clock clock;
    private final RunStream stream;

    public ApiServer(String host, int port, String apiToken, StatusTracker tracker, SchedulerClient publisher,
                     Supplier<ObjectNode> health, PrometheusMeterRegistry metrics, Clock clock) {
        this.tracker = tracker;
        this.publisher = publisher;
        this.clock = clock;
        this.stream = new RunStream(tracker.runs());
        RequestGuard guard = new RequestGuard(apiToken, host);
        int maxConnections = connectionLimit();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = RequestGuard.MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.useVirtualThreads = false;
            config.jetty.defaultHost = host;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyProblems());
                server.addBean(new ConnectionLimit(maxConnections, server));
            });
            // the dashboard: plain static files from the classpath, no build step
            config.staticFiles.add(staticFiles -> {
                staticFiles.hostedPath = "/";
                staticFiles.directory = "/dashboard";
                staticFiles.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
        });
        app.before(guard::everyRequest);
        app.before("/api/*", guard::apiRequest);
        app.before("/api/stream", stream::admit);
        app.post("/api/schedules/preview", this::preview);
        app.put("/api/schedules/{id}", this::putSchedule);
        app.get("/api/schedules", this::listSchedules);
        app.get("/api/schedules/{id}", this::getSchedule);
        app.delete("/api/schedules/{id}", this::deleteSchedule);
        app.post("/api/schedules/{id}/pause", ctx -> setPaused(ctx, true));
        app.post("/api/schedules/{id}/resume", ctx -> setPaused(ctx, false));
        app.post("/api/schedules/{id}/trigger", this::trigger);
        app.post("/api/events", this::postEvent);
        RunRoutes runs = new RunRoutes(tracker);
        app.get("/api/runs", runs::listRuns);
        app.get("/api/runs/{eventId}", runs::getRun);
        app.sse("/api/stream", stream::open);
        // /health and /health/ready: ready for work; /health/live: the process works (a restart would not help otherwise)
        for (String path : List.of("/health", "/health/ready", "/health/live")) {
            app.get(path, ctx -> {
                ObjectNode body = health.get();
                boolean up = path.endsWith("/live") ? body.path("live").asBoolean() : "UP".equals(body.path("status").asText());
                ctx.status(up ? 200 : 503);
                json(ctx, body);
            });
        }
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.exception(ValidationException.class, (e, ctx) -> Problems.answer(ctx, 400, e.getMessage(), e.violations()));
        app.exception(ApiException.class, (e, ctx) -> Problems.answer(ctx, e.status, e.getMessage(), List.of()));
        app.exception(EventSchedulerException.class, (e, ctx) -> Problems.answer(ctx, 503, e.getMessage(), List.of()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            Problems.answer(ctx, 500, "internal error: " + e.getClass().getSimpleName(), List.of());
        });
        for (int status : new int[] {404, 405, 413, 414, 415, 431}) {
            app.error(status, ctx -> {
                if (!Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                    Problems.answer(ctx, status, describe(status, ctx), List.of());
                }
            });
        }
        app.start(port);
    }

    public int port() {
        return app.port();
    }

    private void putSchedule(Context ctx) {
        String id = pathId(ctx);
        JsonNode body = bodyObject(ctx);
        if (body.has("id") && !id.equals(body.get("id").asText())) {
            throw new ValidationException("schedule", List.of(new Violation("id", "must match the path ('" + id + "'), was '"
                    + body.get("id").asText() + "'")));
        }
        ((ObjectNode) body).put("id", id);
        ScheduleDefinition definition = readFiring(body);
        boolean existed = tracker.catalog().record(id).isPresent();
        publisher.upsert(definition);
        awaitCatalog(id, definition);
        ctx.status(existed ? 200 : 201);
        ObjectNode answer = EventJson.mapper().valueToTree(definition);
        ArrayNode warnings = ScheduleWarnings.of(definition, tracker.taskTypes());
        if (!warnings.isEmpty()) {
            answer.set("warnings", warnings);
        }
        json(ctx, answer);
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
        ScheduleDefinition definition = readFiring(body);
        ObjectNode answer = EventJson.mapper().createObjectNode().put("valid", true);
        ArrayNode next = answer.putArray("nextFireTimes");
        FireTimes.next(definition.trigger(), clock.instant(), NEXT_FIRE_TIMES).forEach(t -> next.add(t.toString()));
        if (next.isEmpty()) {
            answer.put("note", "its time has passed: under its misfire policy (" + definition.misfirePolicy() + ") it "
                    + (definition.misfirePolicy() == MisfirePolicy.SKIP ? "is recorded as skipped" : "fires once")
                    + " as soon as it is written");
        }
        answer.set("warnings", ScheduleWarnings.of(definition, tracker.taskTypes()));
        json(ctx, answer);
    }

    /**
     * A definition the scheduler would fire: valid, and with a time still to come. A cron or interval
     * with none left is refused, naming the field; a one-shot whose time has passed is accepted, and
     * its misfire policy fires it at once or records it as skipped.
     */
    private ScheduleDefinition readFiring(JsonNode body) {
        ScheduleDefinition definition = EventReader.readSchedule(EventJson.toBytes(body));
        Instant now = clock.instant();
        if (FireTimes.nextAfter(definition.trigger(), now) == null) {
            if (definition.trigger() instanceof Trigger.Cron) {
                throw new ValidationException("schedule", List.of(new Violation("trigger.cron",
                        "matches no time after now (" + now + "), so it would never fire")));
            }
            if (definition.trigger() instanceof Trigger.Interval) {
                throw new ValidationException("schedule", List.of(new Violation("trigger.endAt",
                        "has passed (now is " + now + "), so it would never fire")));
            }
        }
        return definition;
    }

    private void listSchedules(Context ctx) {
        ArrayNode list = EventJson.mapper().createArrayNode();
        tracker.catalog().all().forEach(record -> list.add(scheduleView(record)));
        json(ctx, EventJson.mapper().createObjectNode().put("total", list.size()).set("schedules", list));
    }

    private void getSchedule(Context ctx) {
        json(ctx, scheduleView(stored(ctx)));
    }

    /** Deletes what is stored under the key, a refused record too: that is the way to remove one. */
    private void deleteSchedule(Context ctx) {
        ScheduleRecord record = stored(ctx);
        publisher.delete(record.key());
        awaitCatalog(record.key(), null);
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
        String eventId = publisher.triggerNow(existing(ctx));
        ctx.status(202);
        json(ctx, EventJson.mapper().createObjectNode().put("eventId", eventId));
    }

    /**
     * A one-off event: the id and key are filled in when absent (key: the event id). It may not name
     * a schedule or take an id of the form the scheduler gives its fires, so it cannot stand in for
     * another run in the history.
     */
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
        TaskEvent event = EventReader.readOneOffEvent(EventJson.toBytes(body));
        publisher.publish(event);
        ctx.status(202);
        json(ctx, EventJson.mapper().createObjectNode().put("eventId", event.eventId()));
    }

    /**
     * Read-your-writes: waits (bounded) until this instance's catalog shows what it just wrote, so a
     * GET right after a PUT or DELETE answers with it.
     */
    private void awaitCatalog(String id, ScheduleDefinition expected) {
        long deadline = System.nanoTime() + CATALOG_WAIT.toNanos();
        while (System.nanoTime() < deadline && !matches(tracker.catalog().record(id).orElse(null), expected)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean matches(ScheduleRecord record, ScheduleDefinition expected) {
        return expected == null ? record == null : record != null && expected.equals(record.definition());
    }

    /** A schedule as listed: its definition, next fire times and run summary; a refused record with its problems. */
    private ObjectNode scheduleView(ScheduleRecord record) {
        ObjectNode view = EventJson.mapper().createObjectNode().put("id", record.key());
        ScheduleDefinition definition = record.definition();
        if (definition != null) {
            view.set("definition", EventJson.mapper().valueToTree(definition));
        }
        ArrayNode next = view.putArray("nextFireTimes");
        if (record.valid() && !definition.paused()) {
            FireTimes.next(definition.trigger(), clock.instant(), NEXT_FIRE_TIMES).forEach(t -> next.add(t.toString()));
        }
        if (!record.valid()) {
            view.put("firing", false);
            ArrayNode problems = view.putArray("problems");
            record.problems().forEach(v -> problems.addObject().put("field", v.field()).put("message", v.message()));
        }
        RunStore.Summary summary = tracker.runs().summary(record.key());
        view.set("summary", summary == null ? EventJson.mapper().createObjectNode() : EventJson.mapper().valueToTree(summary));
        return view;
    }

    /** The record stored under the path's id, valid or refused (its key need not be a valid id). */
    private ScheduleRecord stored(Context ctx) {
        String key = ctx.pathParam("id");
        return tracker.catalog().record(key).orElseThrow(() -> {
            pathId(ctx);
            return new ApiException(404, "no schedule with id '" + key + "'");
        });
    }

    /** The schedule under the path's id, which must be one the scheduler fires. */
    private ScheduleDefinition existing(Context ctx) {
        ScheduleRecord record = stored(ctx);
        if (!record.valid()) {
            throw new ValidationException("schedule", record.problems().stream()
                    .map(v -> new Violation(v.field(), v.message() + " (the stored record is refused and does not fire; "
                            + "PUT a valid definition or DELETE it)")).toList());
        }
        return record.definition();
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
        JsonNode body;
        try {
            body = EventJson.mapper().readTree(RequestGuard.body(ctx));
        } catch (java.io.IOException e) {
            throw new ValidationException("body", List.of(new Violation("body", "is not valid JSON")));
        }
        if (!(body instanceof ObjectNode object)) {
            throw new ValidationException("body", List.of(new Violation("body", "must be a JSON object")));
        }
        return object;
    }

    static void json(Context ctx, JsonNode body) {
        ctx.contentType("application/json").result(EventJson.toString(body));
    }

    private static String describe(int status, Context ctx) {
        return switch (status) {
            case 404 -> "no such resource: " + ctx.method() + " " + ctx.path();
            case 405 -> ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> RequestGuard.TOO_LARGE;
            default -> HttpStatus.forStatus(status).getMessage();
        };
    }

    /**
     * {@link #MAX_CONNECTIONS}, or a quarter of the file descriptors the process may open when that
     * is less: the rest stay for Kafka's clients, an embedded broker's log segments and the JVM.
     */
    private static int connectionLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return (int) Math.max(16, Math.min(MAX_CONNECTIONS, unix.getMaxFileDescriptorCount() / 4));
        }
        return MAX_CONNECTIONS;
    }

    /** Whether {@code host} is an address of this machine only, so no other machine can reach the API there. */
    public static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        app.stop();
        stream.close();
    }
}

package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.json.EventJson;
import com.sun.management.UnixOperatingSystemMXBean;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import dev.eventscheduler.scheduler.notify.WebhookHosts;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    /** How long a write waits for this instance's tracker to show it. */
    static final Duration CATALOG_WAIT = Duration.ofSeconds(3);
    public static final int NEXT_FIRE_TIMES = 5;
    /** The most {@code /api/stream} subscribers at once; more are answered 503 with {@code Retry-After}. */
    public static final int MAX_STREAMS = 200;
    /**
     * The most HTTP connections open at once; Jetty stops accepting beyond it. Kept to a quarter of
     * the process's file descriptors, so a flood of connections cannot starve Kafka's clients or an
     * embedded broker of theirs.
     */
    public static final int MAX_CONNECTIONS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;
    private final RunStream stream;

    public ApiServer(String host, int port, ApiTokens apiTokens, StatusTracker tracker, SchedulerClient publisher,
                     WebhookHosts webhookHosts, Supplier<ObjectNode> health, PrometheusMeterRegistry metrics, Clock clock) {
        this.stream = new RunStream(tracker.runs());
        RequestGuard guard = new RequestGuard(apiTokens, host);
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
            // its charting library (uPlot, MIT), pinned in the parent pom, served from its webjar under /webjars/
            config.staticFiles.enableWebjars();
        });
        app.before(guard::everyRequest);
        app.before("/api/*", guard::apiRequest);
        app.before("/api/stream", stream::admit);
        apiRoutes(tracker, publisher, clock);
        notifyRuleRoutes(new NotifyRuleRoutes(tracker, publisher, webhookHosts));
        opsRoutes(health, metrics);
        problemAnswers();
        app.start(port);
    }

    private void apiRoutes(StatusTracker tracker, SchedulerClient publisher, Clock clock) {
        ScheduleRoutes schedules = new ScheduleRoutes(tracker, publisher, clock);
        app.post("/api/schedules/preview", schedules::preview);
        app.put("/api/schedules/{id}", schedules::putSchedule);
        app.get("/api/schedules", schedules::listSchedules);
        app.get("/api/schedules/{id}", schedules::getSchedule);
        app.delete("/api/schedules/{id}", schedules::deleteSchedule);
        app.post("/api/schedules/{id}/pause", schedules::pause);
        app.post("/api/schedules/{id}/resume", schedules::resume);
        app.post("/api/schedules/{id}/trigger", schedules::trigger);
        app.post("/api/schedules/{id}/backfill", schedules::backfill);
        app.post("/api/events", schedules::postEvent);
        CalendarRoutes calendars = new CalendarRoutes(tracker, publisher);
        app.get("/api/calendars", calendars::list);
        app.get("/api/calendars/{name}", calendars::get);
        app.put("/api/calendars/{name}", calendars::put);
        app.delete("/api/calendars/{name}", calendars::delete);
        RunRoutes runs = new RunRoutes(tracker, publisher, clock);
        app.get("/api/overview", runs::overview);
        app.get("/api/runs", runs::listRuns);
        app.get("/api/runs/{eventId}", runs::getRun);
        app.get("/api/runs/{eventId}/logs", runs::runLogs);
        app.post("/api/runs/{eventId}/cancel", runs::cancel);
        app.post("/api/runs/{eventId}/rerun", runs::rerun);
        app.get("/api/run-states", runs::runStates);
        app.get("/api/me", ApiServer::me);
        DeadLetterRoutes deadLetters = new DeadLetterRoutes(tracker, publisher);
        app.get("/api/dead-letters", deadLetters::list);
        app.get("/api/dead-letters/{id}", deadLetters::get);
        app.post("/api/dead-letters/redrive", deadLetters::redrive);
        app.post("/api/dead-letters/discard", deadLetters::discard);
        app.sse("/api/stream", stream::open);
    }

    private void notifyRuleRoutes(NotifyRuleRoutes rules) {
        app.get("/api/notify-rules", rules::list);
        app.get("/api/notify-rules/{name}", rules::get);
        app.put("/api/notify-rules/{name}", rules::put);
        app.delete("/api/notify-rules/{name}", rules::delete);
    }

    /** {@code /health}, {@code /health/ready}, {@code /health/live} and {@code /metrics}. */
    private void opsRoutes(Supplier<ObjectNode> health, PrometheusMeterRegistry metrics) {
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
    }

    /** Every error, from a refused body to a bug, is answered in the one problem format. */
    private void problemAnswers() {
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
    }

    public int port() {
        return app.port();
    }

    /** The request's body, which must be a JSON object; an empty body is an empty object. */
    static ObjectNode bodyObject(Context ctx) {
        byte[] bytes = RequestGuard.body(ctx);
        if (bytes.length == 0) {
            return EventJson.mapper().createObjectNode();
        }
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

    /** The string {@code object} holds under {@code field}, or null when absent or null; a 400 naming {@code name} otherwise. */
    static String optionalText(JsonNode object, String field, String name) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ValidationException("body", List.of(new Violation(name, "must be a string")));
        }
        return value.asText();
    }

    /**
     * {@code GET /api/me}: the request's token, by name and role, so a client (the dashboard) shows
     * only what the role allows; with no tokens configured, no name and {@code ADMIN}.
     */
    private static void me(Context ctx) {
        ApiTokens.Token token = ctx.attribute(RequestGuard.TOKEN_ATTRIBUTE);
        com.fasterxml.jackson.databind.node.ObjectNode answer = EventJson.mapper().createObjectNode();
        answer.put("name", token == null ? null : token.name());
        answer.put("role", (token == null ? ApiTokens.Role.ADMIN : token.role()).name());
        json(ctx, answer);
    }

    /**
     * The client a request writes with: stamped with its token's name ({@code written-by}), so every
     * record it makes says who made it; {@code publisher} itself when no token is asked for.
     */
    static SchedulerClient writer(Context ctx, SchedulerClient publisher) {
        ApiTokens.Token token = ctx.attribute(RequestGuard.TOKEN_ATTRIBUTE);
        return token == null ? publisher : publisher.writtenBy(token.name());
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

    /**
     * Read-your-writes: waits, at most {@link #CATALOG_WAIT}, until {@code shown} says this instance's
     * tracker shows what a write just sent to Kafka, so a GET right after it answers with it.
     */
    static void awaitShown(java.util.function.BooleanSupplier shown) {
        long deadline = System.nanoTime() + CATALOG_WAIT.toNanos();
        while (System.nanoTime() < deadline && !shown.getAsBoolean()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

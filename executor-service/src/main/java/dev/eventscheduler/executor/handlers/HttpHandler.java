package dev.eventscheduler.executor.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.executor.NonRetriableTaskException;
import dev.eventscheduler.executor.TaskContext;
import dev.eventscheduler.executor.TaskHandler;
import dev.eventscheduler.model.config.HostAllowList;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Task type {@code http}: one HTTP request, described by the payload:
 * {@code {"method": "POST", "url": "http://host:port/path", "headers": {...}, "body": ..., "timeoutMs": 10000}}
 * ({@code method} defaults to GET; a non-text {@code body} is sent as JSON).
 *
 * <p>Only hosts on the allow-list ({@code EXECUTOR_HTTP_ALLOWED_HOSTS}: {@code host} or
 * {@code host:port} entries) may be called; any other is refused without a request. A 2xx response
 * succeeds with {@code {"status": n, "body": "..."}} (the body cut to {@value #MAX_BODY_CHARS}
 * characters); a 4xx (but 408 and 429) fails for good, any other status fails and is retried.
 * The run's log says what was asked, what answered and how long it took.
 */
public final class HttpHandler implements TaskHandler {

    public static final String TYPE = "http";
    /** How much of a response body is kept in the output or error. */
    public static final int MAX_BODY_CHARS = 2_000;
    /** The request's time limit when the payload gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HostAllowList allowedHosts;
    private final HttpClient client;

    /** @param allowedHosts {@code host} or {@code host:port} entries, compared without case */
    public HttpHandler(Set<String> allowedHosts) {
        this.allowedHosts = new HostAllowList(allowedHosts, "allowed hosts (EXECUTOR_HTTP_ALLOWED_HOSTS)");
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public JsonNode handle(TaskContext context) throws IOException, InterruptedException {
        JsonNode payload = context.payload();
        if (payload == null || !payload.path("url").isTextual()) {
            throw new NonRetriableTaskException("payload.url is required, e.g. {\"url\": \"http://host/path\"}");
        }
        URI uri = allowed(payload.get("url").asText());
        String method = payload.path("method").asText("GET").toUpperCase(Locale.ROOT);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(payload.has("timeoutMs") ? Duration.ofMillis(payload.get("timeoutMs").asLong()) : DEFAULT_TIMEOUT)
                .method(method, body(payload.get("body")));
        payload.path("headers").fields().forEachRemaining(header -> request.header(header.getKey(), header.getValue().asText()));
        if (payload.has("body") && !payload.get("body").isTextual() && !payload.path("headers").has("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        context.log().info("{} {}", method, uri);
        long sent = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            context.log().warn("{} {} got no answer after {} ms: {}", method, uri, millisSince(sent), e.toString());
            throw e;
        }
        String body = truncate(response.body());
        int status = response.statusCode();
        context.log().info("{} {} answered HTTP {} in {} ms", method, uri, status, millisSince(sent));
        if (status >= 200 && status < 300) {
            ObjectNode output = EventJson.mapper().createObjectNode();
            return output.put("status", status).put("body", body);
        }
        String message = method + " " + uri + " answered HTTP " + status + ": " + body;
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new NonRetriableTaskException(message);
        }
        throw new IOException(message);
    }

    private URI allowed(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new NonRetriableTaskException("payload.url is not a URL: " + url);
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new NonRetriableTaskException("payload.url must be an http or https URL with a host: " + url);
        }
        String refused = allowedHosts.refusal(uri);
        if (refused != null) {
            throw new NonRetriableTaskException(refused);
        }
        return uri;
    }

    private static HttpRequest.BodyPublisher body(JsonNode body) {
        if (body == null || body.isNull()) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : EventJson.toString(body));
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private static String truncate(String body) {
        return body == null || body.length() <= MAX_BODY_CHARS ? body : body.substring(0, MAX_BODY_CHARS) + "...";
    }
}

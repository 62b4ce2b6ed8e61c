package dev.eventscheduler.executor.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventscheduler.model.json.EventJson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /health} (200 when up, 503 when not, with a JSON body saying why) and
 * {@code GET /metrics} (Prometheus text) on the JDK's HTTP server: two endpoints need no framework.
 */
public final class OpsHttpServer implements AutoCloseable {

    private final HttpServer server;

    public OpsHttpServer(String host, int port, Supplier<ObjectNode> health, PrometheusMeterRegistry registry) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        server.setExecutor(Executors.newSingleThreadExecutor(KeyOrderedDispatcher.namedThreads("executor-http")));
        // /health and /health/ready: ready for work; /health/live: the process works (a restart would not help otherwise)
        server.createContext("/health", exchange -> {
            ObjectNode body = health.get();
            boolean up = exchange.getRequestURI().getPath().equals("/health/live") ? body.path("live").asBoolean()
                    : "UP".equals(body.path("status").asText());
            respond(exchange, up ? 200 : 503, "application/json", EventJson.toBytes(body));
        });
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape().getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    /** The port it listens on (the chosen one when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

package dev.eventscheduler.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test client for the scheduler's HTTP API on loopback. */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    Http(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A response: its status and body (JSON when it has one). */
    record Response(int status, String body) {
        JsonNode json() {
            return EventJson.readTree(body);
        }
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    Response put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    Response post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    /** The raw request builder, with the token if any, for what the helpers do not cover. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpClient client() {
        return client;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

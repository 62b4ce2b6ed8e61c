package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in {@code http} handler against a real HTTP server on loopback. */
@KafkaTest
class HttpHandlerTest {

    private final HttpServer server;
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final ExecutorTestKit kit;

    HttpHandlerTest(TestKafka kafka) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            received.put("ok", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(exchange, 200, "done");
        });
        server.createContext("/broken", exchange -> reply(exchange, 500, "database down"));
        server.start();
        kit = new ExecutorTestKit(kafka, 1);
        kit.start(kit.executor().httpAllowedHosts(Set.of("127.0.0.1:" + server.getAddress().getPort()))
                .defaultRetry(RetryPolicy.NONE));
    }

    @AfterEach
    void stop() {
        kit.close();
        server.stop(0);
    }

    @Test
    void postsToAnAllowedHostAndReportsTheResponse() {
        ObjectNode payload = request("/ok").put("method", "POST");
        payload.putObject("body").put("report", "nightly");

        TaskResult ended = run("http-ok", payload);

        assertThat(ended.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(ended.output().get("status").asInt()).isEqualTo(200);
        assertThat(ended.output().get("body").asText()).isEqualTo("done");
        assertThat(received.get("ok")).isEqualTo("{\"report\":\"nightly\"}");
        assertThat(logged("http-ok")).containsExactly("POST " + url("/ok"), "POST " + url("/ok") + " answered HTTP 200 in <n> ms");
    }

    @Test
    void failsOnAServerErrorNamingTheStatus() {
        TaskResult ended = run("http-500", request("/broken"));

        assertThat(ended.status()).isEqualTo(TaskStatus.DEAD_LETTERED);
        assertThat(ended.error().message()).contains("HTTP 500").contains("database down");
        assertThat(logged("http-500")).containsExactly("GET " + url("/broken"), "GET " + url("/broken") + " answered HTTP 500 in <n> ms");
    }

    @Test
    void refusesAHostThatIsNotAllowedWithoutCallingIt() {
        ObjectNode payload = EventJson.mapper().createObjectNode().put("url", "http://localhost:9/anything");

        TaskResult ended = run("http-refused", payload);

        assertThat(ended.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(ended.error().message()).contains("host localhost:9 is not allowed");
    }

    private ObjectNode request(String path) {
        return EventJson.mapper().createObjectNode().put("url", url(path));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The run's log lines, times in milliseconds written {@code <n>}. */
    private List<String> logged(String eventId) {
        return kit.runLog(eventId, 1).stream().flatMap(chunk -> chunk.lines().stream())
                .map(line -> line.message().replaceAll("in \\d+ ms", "in <n> ms")).toList();
    }

    private TaskResult run(String eventId, ObjectNode payload) {
        kit.send(ExecutorTestKit.event(eventId, "http", "http", payload));
        return Guarantees.endedRuns(kit.awaitRunsEnded(List.of(eventId))).get(eventId);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

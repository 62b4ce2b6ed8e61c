package dev.eventscheduler.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.Topics;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code deploy/} ships works with what the services export: the Prometheus alert rules pass
 * promtool's check and their unit tests, every query of the rules and the Grafana dashboard names
 * only metrics a running scheduler and executor serve on {@code /metrics}, the dashboard has the
 * shape Grafana imports, and the KEDA example scales the executors' group on its topics. The
 * promtool steps need {@code promtool} on the PATH ({@code .ci/run} installs it); without it they are skipped.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path ALERTS = DEPLOY.resolve("prometheus/event-scheduler-alerts.yml");
    private static final Path ALERTS_TEST = DEPLOY.resolve("prometheus/event-scheduler-alerts-test.yml");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/event-scheduler-dashboard.json");
    private static final Path SCALED_OBJECT = DEPLOY.resolve("keda/executor-scaledobject.yaml");
    /** The metrics of ours, and Kafka's clients', a query names. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:scheduler|executor|kafka)_[a-z_]+)\\b");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theAlertRulesPassPromtoolsCheckAndTheirUnitTests() throws Exception {
        assertThat(promtool("check", "rules", ALERTS.toString())).contains("SUCCESS: 8 rules found");
        assertThat(promtool("test", "rules", ALERTS_TEST.toString())).contains("SUCCESS");
    }

    @Test
    void everyDashboardQueryIsPromqlPromtoolAccepts(@TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> queries = dashboardQueries();
        for (int i = 0; i < queries.size(); i++) {
            // Grafana fills these in before a query is sent
            String query = queries.get(i).replace("$__rate_interval", "5m").replace("$__range", "1h");
            rules.append("      - record: dashboard_query_").append(i).append("\n        expr: '")
                    .append(query.replace("'", "''")).append("'\n");
        }
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);

        assertThat(promtool("check", "rules", file.toString())).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void everyMetricTheRulesAndTheDashboardQueryIsOneTheServicesServe(@TempDir Path data) throws Exception {
        Set<String> queried = new TreeSet<>();
        for (String query : queries()) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                queried.add(metric.group(1));
            }
        }
        assertThat(queried).contains("scheduler_fires_total", "executor_tasks_total", "kafka_consumer_fetch_manager_records_lag_max");
        try (Standalone stack = Standalone.builder().dataDirectory(data).kafkaPorts(0, 0).httpPort(0).executorHttpPort(0)
                .demo(false).build().start()) {
            // one fire and one task, so every series that appears only once something happened is there
            put(stack, "/api/schedules/once", "{\"taskType\": \"noop\", \"trigger\": {\"at\": \""
                    + Instant.now().plusMillis(500) + "\"}}");
            // on a timeout, awaitility names what was still missing
            await("every queried metric served").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Set<String> missing = new TreeSet<>(queried);
                missing.removeAll(metricNames(stack.httpPort()));
                missing.removeAll(metricNames(stack.executor().httpPort()));
                return missing;
            }, Set::isEmpty);
        }
    }

    @Test
    void theDashboardHasTheShapeGrafanaImports() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());

        assertThat(dashboard.get("title").asText()).isNotBlank();
        assertThat(dashboard.get("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        Set<String> inputs = StreamSupport.stream(dashboard.get("__inputs").spliterator(), false)
                .map(input -> "${" + input.get("name").asText() + "}").collect(Collectors.toSet());
        Set<Integer> ids = new HashSet<>();
        List<int[]> cells = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            String title = panel.get("title").asText();
            assertThat(ids.add(panel.get("id").asInt())).as("%s has an id of its own", title).isTrue();
            assertThat(panel.get("type").asText()).isEqualTo("timeseries");
            assertThat(inputs).as("%s's data source is an input the import asks for", title)
                    .contains(panel.get("datasource").get("uid").asText());
            JsonNode grid = panel.get("gridPos");
            int x = grid.get("x").asInt(), y = grid.get("y").asInt(), w = grid.get("w").asInt(), h = grid.get("h").asInt();
            assertThat(x + w).as("%s fits Grafana's 24 columns", title).isLessThanOrEqualTo(24);
            assertThat(cells).as("%s overlaps no other panel", title).noneMatch(c ->
                    x < c[0] + c[2] && c[0] < x + w && y < c[1] + c[3] && c[1] < y + h);
            cells.add(new int[] {x, y, w, h});
            assertThat(panel.get("fieldConfig").get("defaults").get("unit").asText()).as("%s has a unit", title).isNotBlank();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.get("targets")) {
                assertThat(refIds.add(target.get("refId").asText())).as("%s's queries have refIds of their own", title).isTrue();
                assertThat(target.get("legendFormat").asText()).as("%s's series are named", title).isNotBlank();
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void theKedaExampleScalesTheExecutorsGroupOnBothItsTopicsUpToTheirPartitions() throws IOException {
        JsonNode scaled = YAML.readTree(SCALED_OBJECT.toFile());

        assertThat(scaled.get("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.get("kind").asText()).isEqualTo("ScaledObject");
        JsonNode spec = scaled.get("spec");
        assertThat(spec.get("maxReplicaCount").asInt()).as("an executor past the partition count would sit idle")
                .isBetween(spec.get("minReplicaCount").asInt(), TopicPlan.DEFAULT_TASK_PARTITIONS);
        Set<String> topics = new HashSet<>();
        for (JsonNode trigger : spec.get("triggers")) {
            assertThat(trigger.get("type").asText()).isEqualTo("kafka");
            assertThat(trigger.get("metadata").get("consumerGroup").asText()).isEqualTo(Executor.DEFAULT_GROUP_ID);
            topics.add(trigger.get("metadata").get("topic").asText());
        }
        assertThat(topics).containsExactlyInAnyOrder(Topics.defaults().tasks(), Topics.defaults().retry());
    }

    private static List<String> queries() throws IOException {
        List<String> queries = new ArrayList<>(dashboardQueries());
        for (JsonNode group : YAML.readTree(ALERTS.toFile()).get("groups")) {
            group.get("rules").forEach(rule -> queries.add(rule.get("expr").asText()));
        }
        return queries;
    }

    private static List<String> dashboardQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        JSON.readTree(DASHBOARD.toFile()).get("panels").forEach(panel ->
                panel.get("targets").forEach(target -> queries.add(target.get("expr").asText())));
        return queries;
    }

    /** The names of the samples {@code /metrics} on {@code port} serves. */
    private static Set<String> metricNames(int port) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(HashSet::new));
    }

    private static void put(Standalone stack, String path, String json) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.httpPort() + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    /** What promtool says to {@code arguments}, once it exited 0; the test is skipped where promtool is not installed. */
    private static String promtool(String... arguments) throws Exception {
        Path promtool = onPath("promtool");
        Assumptions.assumeTrue(promtool != null, "promtool is not on the PATH (.ci/run installs it from Debian's prometheus package)");
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool answered within a minute").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

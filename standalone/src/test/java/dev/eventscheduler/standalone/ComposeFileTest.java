package dev.eventscheduler.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eventscheduler.executor.ExecutorMain;
import dev.eventscheduler.scheduler.SchedulerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the compose file and the Dockerfiles are checked by reading them:
 * the services, ports and variables must be the ones the services document and read.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");

    private final JsonNode services = read(ROOT.resolve("docker-compose.yml")).get("services");

    @Test
    void runsKafkaTopicProvisioningTheSchedulerAndScalableExecutors() {
        assertThat(names(services)).containsExactlyInAnyOrder("kafka", "topics", "scheduler", "executor");
        assertThat(services.get("kafka").get("image").asText()).isEqualTo("apache/kafka:4.3.1");
        assertThat(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(services.get("kafka").get("environment").get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText()).isEqualTo("1");
        assertThat(services.get("topics").get("command").get(0).asText()).isEqualTo("--provision-only");
        assertThat(services.get("scheduler").get("ports").get(0).asText()).isEqualTo("8080:8080");
        assertThat(services.get("scheduler").get("environment").get("SCHEDULER_API_TOKEN").asText())
                .as("a published API asks for a token, and compose will not start without one").startsWith("${SCHEDULER_API_TOKEN:?");
        assertThat(services.get("executor").has("ports")).as("executors publish no host port, so they can scale").isFalse();
        assertThat(services.get("executor").has("container_name")).as("a fixed name would stop --scale").isFalse();
        for (String service : List.of("topics", "scheduler", "executor")) {
            assertThat(services.get(service).get("environment").get("KAFKA_BOOTSTRAP_SERVERS").asText())
                    .as("%s reaches the broker's advertised listener", service).isEqualTo("kafka:9092");
        }
        assertThat(services.get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText()).contains("PLAINTEXT://kafka:9092");
    }

    @Test
    void setsOnlyVariablesTheServicesReadAndTheConfigurationReferenceDocuments() throws IOException {
        String reference = Files.readString(ConfigurationReferenceTest.REFERENCE);
        String readme = Files.readString(ROOT.resolve("README.md"));
        Set<String> schedulerVariables = ServiceVariables.of(SchedulerMain.class);
        Set<String> executorVariables = ServiceVariables.of(ExecutorMain.class);

        for (String service : List.of("topics", "scheduler")) {
            assertThat(names(services.get(service).get("environment"))).allSatisfy(name -> {
                assertThat(schedulerVariables).as("%s sets %s", service, name).contains(name);
                assertThat(reference).as("docs/configuration.md documents %s", name).contains("`" + name + "`");
            });
        }
        assertThat(names(services.get("executor").get("environment"))).allSatisfy(name -> {
            assertThat(executorVariables).as("executor sets %s", name).contains(name);
            assertThat(reference).as("docs/configuration.md documents %s", name).contains("`" + name + "`");
        });
        assertThat(readme).contains("docker compose up --build --scale executor=3");
    }

    @Test
    void buildsEachServiceOnAJre17AsANonRootUserWithAHealthCheck() throws IOException {
        for (String[] service : new String[][] {{"scheduler", "8080"}, {"executor", "8081"}}) {
            String dockerfile = services.get(service[0].equals("scheduler") ? "topics" : "executor").get("build")
                    .get("dockerfile").asText();
            String text = Files.readString(ROOT.resolve(dockerfile));
            assertThat(dockerfile).isEqualTo(service[0] + "-service/Dockerfile");
            assertThat(text).contains("FROM eclipse-temurin:17-jre")
                    .containsPattern("(?m)^USER app$")
                    .contains("HEALTHCHECK").contains("http://127.0.0.1:" + service[1] + "/health")
                    .contains(service[0] + "-service/target/" + service[0] + "-service.jar");
        }
    }

    private static List<String> names(JsonNode object) {
        return StreamSupport.stream(((Iterable<String>) object::fieldNames).spliterator(), false).toList();
    }

    private static JsonNode read(Path yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + yaml, e);
        }
    }
}

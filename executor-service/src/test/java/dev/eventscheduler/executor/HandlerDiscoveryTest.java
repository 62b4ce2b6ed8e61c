package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.List;
import org.junit.jupiter.api.Test;

@KafkaTest
class HandlerDiscoveryTest {

    @Test
    void runsAHandlerListedForTheServiceLoaderAndOneRegisteredOnTheBuilderInsteadOfABuiltIn(TestKafka kafka) {
        try (ExecutorTestKit kit = new ExecutorTestKit(kafka, 1)) {
            TaskHandler quietNoop = new TaskHandler() {
                public String taskType() {
                    return "noop";
                }

                public com.fasterxml.jackson.databind.JsonNode handle(TaskContext context) {
                    return dev.eventscheduler.model.json.EventJson.mapper().createObjectNode().put("replaced", true);
                }
            };
            kit.start(kit.executor().handler(quietNoop));
            kit.send(ExecutorTestKit.event("loaded-1", "k", ServiceLoadedHandler.TYPE, null));
            kit.send(ExecutorTestKit.event("replaced-1", "k", "noop", null));

            List<TaskResult> results = kit.awaitRunsEnded(List.of("loaded-1", "replaced-1"));

            Guarantees.everyRunEnded(results, List.of("loaded-1", "replaced-1"), TaskStatus.SUCCEEDED);
            assertThat(Guarantees.endedRuns(results).get("loaded-1").output().get("foundBy").asText()).isEqualTo("ServiceLoader");
            assertThat(Guarantees.endedRuns(results).get("replaced-1").output().get("replaced").asBoolean()).isTrue();
        }
    }
}

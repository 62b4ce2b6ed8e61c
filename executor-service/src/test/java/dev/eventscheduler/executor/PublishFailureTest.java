package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An outcome the broker refuses does not hold its partition back until a restart: the executor
 * reads the partition again from that record after a back-off, so the task runs again and its
 * result is published as soon as the broker takes it.
 */
@KafkaTest
class PublishFailureTest {

    /** Below the result of a task returning {@link #OUTPUT_CHARS} characters, far above any other result. */
    private static final int LOW_LIMIT_BYTES = 8 * 1024;
    private static final int OUTPUT_CHARS = 20_000;

    private final ExecutorTestKit kit;

    PublishFailureTest(TestKafka kafka) {
        this.kit = new ExecutorTestKit(kafka, 1);
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void aResultTheBrokerRefusedIsPublishedOnceItCanBeWithoutARestart() throws Exception {
        limitResultsTopic(LOW_LIMIT_BYTES);
        // a refusal comes either at once (the large result alone in its batch) or, when Kafka's idempotent
        // producer split a batch holding it, as a retry loop on OUT_OF_ORDER_SEQUENCE_NUMBER that ends at
        // delivery.timeout.ms: 2 minutes by default, longer than the wait below, so 10 s here
        kit.start(kit.executor().handler(new ReturningHandler()).publishFailureBackoff(Duration.ofMillis(200))
                .kafkaProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)
                .kafkaProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000));
        kit.sendAll(List.of(
                ExecutorTestKit.event("large-1", "k", ReturningHandler.TYPE, ReturningHandler.text(OUTPUT_CHARS)),
                ExecutorTestKit.event("after-large", "k", "noop", null)));

        // each refusal reads the partition again: the task starts anew rather than waiting for a restart
        kit.awaitResults(all -> starts(all, "large-1") >= 3);
        limitResultsTopic(1024 * 1024);

        Map<String, TaskResult> ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("large-1", "after-large")));
        assertThat(ended.get("large-1").status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(ended.get("large-1").output().asText()).hasSize(OUTPUT_CHARS);
        assertThat(ended.get("after-large").status()).isEqualTo(TaskStatus.SUCCEEDED);
        kit.awaitCommitted(new TopicPartition(kit.topics.tasks(), 0), 2);
    }

    private static long starts(List<TaskResult> results, String eventId) {
        return results.stream().filter(r -> r.eventId().equals(eventId) && r.status() == TaskStatus.STARTED).count();
    }

    /** Sets the results topic's {@code max.message.bytes} and waits until the broker reports it. */
    private void limitResultsTopic(int bytes) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, kit.topics.results());
        try (Admin admin = Admin.create(kit.kafka.clientConfig())) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
                    AlterConfigOp.OpType.SET)))).all().get();
            await().atMost(ExecutorTestKit.WAIT).until(() -> Integer.toString(bytes).equals(admin.describeConfigs(List.of(topic))
                    .all().get().get(topic).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()));
        }
    }
}

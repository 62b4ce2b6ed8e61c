package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.client.ResultSubscription;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.config.KafkaAccessFailure;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.testkafka.SecuredKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services on a broker that admits only authenticated, authorized clients ({@link SecuredKafka}:
 * SASL_SSL, SCRAM-SHA-512, the StandardAuthorizer), each with its own user and exactly the ACLs
 * docs/production-kafka.md lists, configured through the documented {@code KAFKA_*} variables.
 */
class SecuredKafkaTest {

    private static final String SCHEDULE = "secured-every-second";

    @TempDir
    static Path work;
    private static SecuredKafka kafka;

    @BeforeAll
    static void startSecuredBroker() {
        kafka = SecuredKafka.start(work.resolve("secured"));
        for (String user : List.of("scheduler", "executor", "app", "standalone")) {
            kafka.addUser(user, password(user));
        }
        List<AclBinding> documented = DocumentedAcls.read();
        kafka.allow(documented);
        kafka.allow(DocumentedAcls.asPrincipal(documented, "User:scheduler", "User:standalone"));
        kafka.allow(DocumentedAcls.asPrincipal(documented, "User:executor", "User:standalone"));
    }

    @AfterAll
    static void stopSecuredBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @SuppressWarnings("try") // the subscription only has to be open while the runs end
    void schedulerExecutorClientAndStandaloneRunWithTheirOwnUsersAndOnlyTheDocumentedAcls() throws Exception {
        try (ProcessCluster harness = new ProcessCluster(work)) {
            ProcessCluster.Node scheduler = harness.scheduler("scheduler-1", kafka.environment("scheduler", password("scheduler"))).start();
            ProcessCluster.Node executor = harness.executor("executor-1", kafka.environment("executor", password("executor"))).start();
            List<TaskResult> results = new CopyOnWriteArrayList<>();
            SchedulerClient.Builder builder = SchedulerClient.builder().bootstrapServers(kafka.bootstrapServers());
            kafka.clientConfig("app", password("app")).forEach(builder::kafkaProperty);
            try (SchedulerClient client = builder.build();
                 ResultSubscription subscription = client.subscribe("app-results", results::add)) {
                client.upsert(ScheduleDefinition.builder(SCHEDULE, "log").trigger(Trigger.Cron.of("* * * * * ?")).build());
                String oneOff = client.publish(TaskEvent.oneOff("log").taskKey("secured").build());
                await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(results, oneOff, null)
                        && succeeded(results, null, "executor-1"));
                client.cancel(oneOff, "ended already: only the write to the control topic is tried");

                scheduler.stop();
                executor.stop();
                // the standalone jar on the same cluster, as one principal with both services' ACLs
                harness.standalone("standalone", kafka.environment("standalone", password("standalone"))).start();
                await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(results, null, "standalone-executor"));
            }

            Map<String, Object> app = new HashMap<>(kafka.clientConfig("app", password("app")));
            app.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(app, new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.defaults().triggerState(), SCHEDULE, "{}"))
                        .get(30, TimeUnit.SECONDS))
                        .as("an application may not write the scheduler's trigger state")
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void aServiceWithAWrongPasswordOrNoAclsStopsWithOneClearLine() {
        try (ProcessCluster harness = new ProcessCluster(work)) {
            ProcessCluster.Node wrongPassword = harness.scheduler("scheduler-wrong-password",
                    kafka.environment("scheduler", "not-the-password")).launch();
            ProcessCluster.Node noAcls = harness.executor("executor-no-acls", kafka.environment("app", password("app"))).launch();

            assertThat(wrongPassword.awaitExit(Duration.ofSeconds(60))).isEqualTo(KafkaAccessFailure.EXIT_STATUS);
            assertThat(noAcls.awaitExit(Duration.ofSeconds(60))).isEqualTo(KafkaAccessFailure.EXIT_STATUS);
            String refused = wrongPassword.output();
            System.out.println("wrong password:\n" + refused);
            assertThat(refused.lines().filter(line -> line.contains("refused this service's credentials")))
                    .singleElement().asString().contains("user scheduler").doesNotContain("not-the-password");
            assertThat(refused.lines().filter(line -> line.contains("Authentication failed")).count())
                    .as("lines about the failed authentication: one refusal, not a retry storm").isLessThanOrEqualTo(3);
            String denied = noAcls.output();
            System.out.println("no ACLs:\n" + denied);
            assertThat(denied.lines().filter(line -> line.contains("refused this service access")))
                    .singleElement().asString().contains("user app").contains("docs/production-kafka.md#acls");
        }
    }

    private static boolean succeeded(List<TaskResult> results, String eventId, String executorId) {
        return results.stream().anyMatch(r -> r.status() == TaskStatus.SUCCEEDED
                && (eventId == null || eventId.equals(r.eventId()))
                && (executorId == null || executorId.equals(r.executorId()) && SCHEDULE.equals(r.scheduleId())));
    }

    private static String password(String user) {
        return user + "-secret";
    }
}

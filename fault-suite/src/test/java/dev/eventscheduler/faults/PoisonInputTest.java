package dev.eventscheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: hostile records on every topic the system reads, in every partition. Each is
 * dead-lettered or refused with a clear log line; valid records behind them in the same partitions
 * still run, and both services stay healthy.
 */
class PoisonInputTest {

    private static final int PARTITIONS = 6;

    @Test
    void poisonIsDeadLetteredOrRefusedAndNothingBehindItIsStuck(@TempDir Path work) throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(work)) {
            cluster.broker().start();
            ProcessCluster.Node scheduler = cluster.scheduler("scheduler-1", Map.of()).start();
            ProcessCluster.Node executor = cluster.executor("executor-1", Map.of()).start();
            Topics topics = Topics.defaults();
            int poisonTasks = 0;
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int p = 0; p < PARTITIONS; p++) {
                    for (String topic : List.of(topics.schedules(), topics.triggerState(), topics.tasks(), topics.retry(), topics.results())) {
                        boolean compacted = topic.equals(topics.schedules()) || topic.equals(topics.triggerState());
                        for (ProducerRecord<String, byte[]> poison : poison(topic, p)) {
                            if (compacted && poison.key() == null) {
                                // the broker itself refuses a keyless record on a compacted topic
                                assertThatThrownBy(() -> raw.send(poison).get()).hasCauseInstanceOf(InvalidRecordException.class);
                                continue;
                            }
                            raw.send(poison).get();
                            if (topic.equals(topics.tasks()) || topic.equals(topics.retry())) {
                                poisonTasks++;
                            }
                        }
                    }
                }
                // larger than the broker takes at all: refused at the door, nothing to clean up
                assertThatThrownBy(() -> raw.send(new ProducerRecord<>(topics.tasks(), "huge",
                        new byte[2 * 1024 * 1024])).get()).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(RecordTooLargeException.class);
            }

            // trigger state is read only when partitions are restored: restart the scheduler through the poison
            scheduler.stop();
            scheduler.start();

            List<String> afterPoison = new ArrayList<>();
            try (SchedulerClient client = SchedulerClient.builder().bootstrapServers(cluster.bootstrapServers()).build()) {
                client.upsert(ScheduleDefinition.of("after-poison", "noop", Trigger.Cron.of("* * * * * ?")));
                for (int i = 0; i < 30; i++) {
                    afterPoison.add(client.publish(TaskEvent.oneOff("noop").eventId("after-poison-" + i).taskKey("key-" + i).build()));
                }
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Auditor auditor = Auditor.read(cluster.bootstrapServers(), topics);
                return auditor.report(afterPoison).missingFinalResults() == 0
                        && auditor.results().stream().filter(r -> "after-poison".equals(r.scheduleId())
                        && r.status() == TaskStatus.SUCCEEDED).count() >= 3;
            });
            List<ConsumerRecord<String, byte[]>> deadLetters = readAll(cluster.bootstrapServers(), topics.deadLetters());
            String schedulerLog = logs(work, "scheduler-1");
            FaultReport.print("poison on every topic read, in every partition",
                    "poison task/retry records=" + poisonTasks + " dead-lettered=" + deadLetters.size()
                            + " valid events after the poison=" + afterPoison.size() + ", all ended",
                    "scheduler and executor healthy: " + (scheduler.healthy() && executor.healthy()));

            assertThat(deadLetters).as("every poison task and retry record is on the dead-letter topic").hasSize(poisonTasks);
            assertThat(deadLetters).allSatisfy(record -> {
                assertThat(EventHeaders.lastValue(record.headers(), EventHeaders.DLQ_ERROR_MESSAGE)).isNotBlank();
                assertThat(EventHeaders.lastValue(record.headers(), EventHeaders.DLQ_ORIGIN_TOPIC)).isIn(topics.tasks(), topics.retry());
            });
            assertThat(schedulerLog).contains("refused; it does not fire: [body: cannot be read")
                    .contains("refused; it does not fire: [payload: must be at most")
                    .contains("Unreadable trigger state");
            assertThat(scheduler.healthy()).isTrue();
            assertThat(executor.healthy()).isTrue();
        }
    }

    /** The hostile records for one partition of one topic. */
    private static List<ProducerRecord<String, byte[]>> poison(String topic, int partition) {
        RecordHeaders futureVersion = new RecordHeaders();
        futureVersion.add(EventHeaders.EVENT_TYPE, "task-event/v9".getBytes(StandardCharsets.UTF_8));
        String big = "{\"id\": \"big-" + partition + "\", \"taskKey\": \"big\", \"taskType\": \"noop\", \"trigger\": {\"cron\": \"* * * * * ?\"},"
                + " \"payload\": \"" + "x".repeat(300 * 1024) + "\"}";
        return List.of(
                new ProducerRecord<>(topic, partition, "not-json-" + partition, bytes("this is not JSON {")),
                new ProducerRecord<>(topic, partition, "wrong-types-" + partition,
                        bytes("{\"id\": 7, \"taskType\": [1], \"trigger\": \"soon\", \"attempt\": \"first\", \"status\": 5}")),
                new ProducerRecord<>(topic, partition, "big-" + partition, bytes(big)),
                new ProducerRecord<>(topic, partition, null, bytes("{\"taskType\": \"noop\"}")),
                new ProducerRecord<>(topic, partition, "future-" + partition, bytes("{\"taskType\": \"noop\", \"taskKey\": \"k\"}"),
                        futureVersion));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    private static String logs(Path work, String node) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        for (int start : IntStream.rangeClosed(1, 3).toArray()) {
            Path log = work.resolve(node + "-" + start + ".log");
            if (Files.exists(log)) {
                all.append(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }
}

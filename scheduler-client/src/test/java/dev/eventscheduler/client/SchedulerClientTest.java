package dev.eventscheduler.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.ScheduleDefinitionDeserializer;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.kafka.TaskResultSerializer;
import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.TopicProvisioner;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import dev.eventscheduler.testkafka.TestClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@KafkaTest
class SchedulerClientTest {

    private final TestKafka kafka;
    private final Topics topics;
    private final SchedulerClient client;

    SchedulerClientTest(TestKafka kafka) {
        this.kafka = kafka;
        this.topics = new Topics(kafka.uniqueName("client") + ".");
        TopicProvisioner.provision(kafka.clientConfig(), new TopicPlan(topics, 2, 2, Optional.empty()));
        this.client = SchedulerClient.builder().bootstrapServers(kafka.bootstrapServers()).topics(topics).build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void writesSchedulesUnderTheirIdWithHeadersAndDeletesWithATombstone() {
        ScheduleDefinition nightly = ScheduleDefinition.of("nightly", "http", Trigger.Cron.of("0 0 2 * * ?"));

        client.upsert(nightly);
        client.pause(nightly);
        client.delete("nightly");

        List<ConsumerRecord<String, byte[]>> records = readAll(topics.schedules(), 3);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("nightly");
        ScheduleDefinitionDeserializer reader = new ScheduleDefinitionDeserializer();
        assertThat(reader.deserialize(topics.schedules(), records.get(0).value())).isEqualTo(nightly);
        assertThat(reader.deserialize(topics.schedules(), records.get(1).value()).paused()).isTrue();
        assertThat(records.get(2).value()).isNull();
        assertThat(EventHeaders.lastValue(records.get(0).headers(), EventHeaders.EVENT_TYPE)).isEqualTo("schedule-definition/v1");
    }

    @Test
    void aPauseWithANoteWritesWhyWhoAndTheClientsTimeAndATooLongNoteWritesNothing() {
        java.time.Instant at = java.time.Instant.parse("2026-12-07T10:00:00Z");
        ScheduleDefinition nightly = ScheduleDefinition.of("nightly", "http", Trigger.Cron.of("0 0 2 * * ?"));
        try (SchedulerClient clocked = SchedulerClient.builder().bootstrapServers(kafka.bootstrapServers()).topics(topics)
                .clock(java.time.Clock.fixed(at, java.time.ZoneOffset.UTC)).build()) {

            assertThatThrownBy(() -> clocked.pause(nightly, "n".repeat(1_001), "alice"))
                    .isInstanceOfSatisfying(ValidationException.class, e ->
                            assertThat(e.violations()).extracting(v -> v.field()).containsExactly("pause.note"));
            clocked.pause(nightly, "quarter close", "alice");
        }

        List<ConsumerRecord<String, byte[]>> records = readAll(topics.schedules(), 2);
        assertThat(records).as("the refused pause wrote nothing").hasSize(1);
        ScheduleDefinition written = new ScheduleDefinitionDeserializer().deserialize(topics.schedules(), records.get(0).value());
        assertThat(written.paused()).isTrue();
        assertThat(written.pause()).isEqualTo(new dev.eventscheduler.model.Pause("quarter close", "alice", at));
    }

    @Test
    void aBackfillIsWrittenOnTheScheduleWithItsCountAndABadRangeWritesNothing() {
        java.time.Instant from = java.time.Instant.parse("2026-11-01T00:00:00Z");
        ScheduleDefinition hourly = ScheduleDefinition.of("hourly", "noop", Trigger.Cron.of("0 0 * * * ?"));

        assertThatThrownBy(() -> client.backfill(hourly, from, from.plusSeconds(20L * 365 * 24 * 3600), null))
                .isInstanceOfSatisfying(ValidationException.class, e ->
                        assertThat(e.violations()).extracting(v -> v.field()).containsExactly("to"));
        dev.eventscheduler.model.Backfill backfill = client.backfill(hourly, from, from.plusSeconds(24 * 3600), null);

        assertThat(backfill.times()).isEqualTo(24);
        assertThat(backfill.overlap()).isEqualTo(dev.eventscheduler.model.OverlapPolicy.BUFFER_ALL);
        List<ConsumerRecord<String, byte[]>> records = readAll(topics.schedules(), 2);
        assertThat(records).as("the refused backfill wrote nothing").hasSize(1);
        assertThat(new ScheduleDefinitionDeserializer().deserialize(topics.schedules(), records.get(0).value()).backfill())
                .isEqualTo(backfill);
    }

    @Test
    void writesACalendarUnderItsNameAndRefusesABrokenOne() {
        dev.eventscheduler.model.Calendar holidays = new dev.eventscheduler.model.Calendar("holidays", "Europe/Berlin",
                List.of(java.time.LocalDate.parse("2026-12-25")), null, null, null);

        assertThatThrownBy(() -> client.putCalendar(new dev.eventscheduler.model.Calendar("holidays", "Nowhere/Land", null, null,
                "not a cron", null))).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(v -> v.field()).containsExactlyInAnyOrder("timeZone", "cron"));
        client.putCalendar(holidays);
        client.deleteCalendar("holidays");

        List<ConsumerRecord<String, byte[]>> records = readAll(topics.calendars(), 3);
        assertThat(records).hasSize(2).extracting(ConsumerRecord::key).containsOnly("holidays");
        assertThat(new dev.eventscheduler.model.kafka.CalendarDeserializer().deserialize(topics.calendars(), records.get(0).value()))
                .isEqualTo(holidays);
        assertThat(records.get(1).value()).isNull();
    }

    @Test
    void refusesAnInvalidScheduleAndWritesNothing() {
        ScheduleDefinition broken = ScheduleDefinition.of("bad id", "noop", Trigger.Cron.of("never"));

        assertThatThrownBy(() -> client.upsert(broken)).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(v -> v.field()).containsExactlyInAnyOrder("id", "trigger.cron"));
        assertThat(readAll(topics.schedules(), 1)).isEmpty();
    }

    @Test
    void aWriteKafkaCannotPlaceFailsWithinTheAckTimeout() {
        Topics missing = new Topics(kafka.uniqueName("never-created") + ".");
        try (SchedulerClient impatient = SchedulerClient.builder().bootstrapServers(kafka.bootstrapServers())
                .topics(missing).ackTimeout(Duration.ofSeconds(1)).build()) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> impatient.upsert(ScheduleDefinition.of("orphan", "noop", Trigger.Cron.of("0 * * * * ?"))))
                    .isInstanceOf(EventSchedulerException.class)
                    .hasMessageContaining(missing.schedules());
            // Kafka's own max.block.ms would have held it for a minute
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void bulkImportWritesEverySchedulePerKeyOrWithAnInvalidOneNone() {
        List<ScheduleDefinition> batch = java.util.stream.IntStream.range(0, 500)
                .mapToObj(i -> ScheduleDefinition.of("bulk-" + i, "noop", Trigger.Interval.every(60_000))).toList();
        List<ScheduleDefinition> withABadOne = new java.util.ArrayList<>(batch);
        withABadOne.add(ScheduleDefinition.of("bulk bad", "noop", Trigger.Interval.every(60_000)));

        assertThatThrownBy(() -> client.upsertAll(withABadOne)).isInstanceOf(ValidationException.class);
        client.upsertAll(batch);

        // asks for one more than were written: the refused batch must have added nothing
        List<ConsumerRecord<String, byte[]>> records = readAll(topics.schedules(), 501);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(ScheduleDefinition::id).toList());
    }

    @Test
    void publishesAOneOffEventUnderItsTaskKeyFillingInItsId() {
        String eventId = client.publish(TaskEvent.oneOff("noop").taskKey("customer-42")
                .payload(EventJson.mapper().createObjectNode().put("x", 1)).build());

        ConsumerRecord<String, byte[]> record = readAll(topics.tasks(), 1).get(0);
        TaskEvent event = new TaskEventDeserializer().deserialize(topics.tasks(), record.headers(), record.value());
        assertThat(record.key()).isEqualTo("customer-42");
        assertThat(event.eventId()).isEqualTo(eventId).isNotBlank();
        assertThat(event.scheduledAt()).isNotNull();
    }

    @Test
    void aOneOffEventCannotPassForAScheduledFireWhileTriggerNowFiresTheScheduleUnderItsOwnId() {
        assertThatThrownBy(() -> client.publish(TaskEvent.oneOff("noop").eventId("nightly@1700000000000").taskKey("k").build())).isInstanceOf(ValidationException.class).hasMessageContaining("eventId");
        assertThatThrownBy(() -> client.publish(new TaskEvent("mine", "nightly", "k", "noop", null, null, null,
                1, null, null, null))).isInstanceOf(ValidationException.class).hasMessageContaining("scheduleId");

        String eventId = client.triggerNow(ScheduleDefinition.of("nightly", "noop", Trigger.Cron.of("0 0 2 * * ?")));

        ConsumerRecord<String, byte[]> record = readAll(topics.tasks(), 1).get(0);
        TaskEvent event = new TaskEventDeserializer().deserialize(topics.tasks(), record.headers(), record.value());
        assertThat(eventId).startsWith("nightly@").endsWith("-manual");
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.scheduleId()).isEqualTo("nightly");
    }

    @Test
    void deliversEveryResultToASubscriber() {
        List<TaskResult> received = new CopyOnWriteArrayList<>();
        try (ResultSubscription subscription = client.subscribe(kafka.uniqueName("results"), received::add)) {
            publishResult("e-1", TaskStatus.SUCCEEDED);
            TestClients.createTopic(kafka.bootstrapServers(), kafka.uniqueName("unrelated"), 1);
            publishResult("e-2", TaskStatus.DEAD_LETTERED);

            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 2);
            assertThat(subscription.isAssigned()).isTrue();
        }
        assertThat(received).extracting(TaskResult::eventId, TaskResult::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("e-1", TaskStatus.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("e-2", TaskStatus.DEAD_LETTERED));
    }

    private void publishResult(String eventId, TaskStatus status) {
        TaskResult result = new TaskResult(eventId, null, "same-key", "noop", 1, status, null, null, null,
                Instant.now(), Instant.now(), "test");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            producer.send(new ProducerRecord<>(topics.results(), null, "same-key",
                    new TaskResultSerializer().serialize(topics.results(), headers, result), headers));
        }
    }

    /** Reads {@code topic} from the start until {@code count} records or 5 s of nothing more. */
    private List<ConsumerRecord<String, byte[]>> readAll(String topic, int count) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
}

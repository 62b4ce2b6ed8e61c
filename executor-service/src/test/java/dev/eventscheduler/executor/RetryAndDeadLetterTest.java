package dev.eventscheduler.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.RunEnd;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.RunEndDeserializer;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KafkaTest
class RetryAndDeadLetterTest {

    private static final RetryPolicy THREE_TRIES = new RetryPolicy(3, 300, 2.0, 10_000);

    private final ExecutorTestKit kit;
    private final FlakyHandler flaky = new FlakyHandler();

    RetryAndDeadLetterTest(TestKafka kafka) {
        this.kit = new ExecutorTestKit(kafka, 2);
    }

    @BeforeEach
    void startExecutor() {
        kit.start(kit.executor().concurrency(4).handler(flaky).defaultRetry(RetryPolicy.NONE));
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void succeedsOnTheThirdAttemptAfterTheBackOff() {
        kit.send(ExecutorTestKit.withRetry(ExecutorTestKit.event("flaky-1", "k", FlakyHandler.TYPE, failures(2)), THREE_TRIES));

        List<TaskResult> results = kit.awaitRunsEnded(List.of("flaky-1"));

        List<TaskResult> finals = results.stream().filter(r -> r.status().endsAttempt())
                .sorted(Comparator.comparingInt(TaskResult::attempt)).toList();
        assertThat(finals).extracting(TaskResult::attempt, TaskResult::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, TaskStatus.RETRY_SCHEDULED),
                org.assertj.core.groups.Tuple.tuple(2, TaskStatus.RETRY_SCHEDULED),
                org.assertj.core.groups.Tuple.tuple(3, TaskStatus.SUCCEEDED));
        assertThat(gap(finals.get(0), finals.get(1))).as("back-off before attempt 2").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(gap(finals.get(1), finals.get(2))).as("back-off before attempt 3").isGreaterThanOrEqualTo(Duration.ofMillis(600));
        Guarantees.oneFinalResultPerAttempt(results);
    }

    @Test
    void deadLettersTheEventWhenItsAttemptsRunOut() {
        kit.send(ExecutorTestKit.withRetry(ExecutorTestKit.event("doomed-1", "k", FlakyHandler.TYPE, failures(99)),
                new RetryPolicy(2, 100, 1.0, 100)));

        List<TaskResult> results = kit.awaitRunsEnded(List.of("doomed-1"));

        assertThat(Guarantees.endedRuns(results).get("doomed-1").status()).isEqualTo(TaskStatus.DEAD_LETTERED);
        assertThat(Guarantees.endedRuns(results).get("doomed-1").attempt()).isEqualTo(2);
        ConsumerRecord<String, byte[]> dead = kit.deadLetters(1).get(0);
        assertThat(dead.key()).isEqualTo("k");
        assertThat(header(dead, EventHeaders.DLQ_ERROR_MESSAGE)).contains("planned failure");
        assertThat(header(dead, EventHeaders.DLQ_ORIGIN_TOPIC)).isEqualTo(kit.topics.retry());
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("\"eventId\":\"doomed-1\"");
    }

    @Test
    void aScheduledRunsEndGoesToTheRunEndsTopicInItsSchedulesPartitionOnceItEnds() {
        Instant scheduledAt = Instant.parse("2026-12-07T10:00:00Z");
        kit.send(scheduled("nightly", scheduledAt, failures(1), THREE_TRIES));
        kit.send(scheduled("doomed", scheduledAt, failures(99), new RetryPolicy(2, 100, 1.0, 100)));
        kit.send(ExecutorTestKit.withRetry(ExecutorTestKit.event("one-off", "k", FlakyHandler.TYPE, failures(0)), THREE_TRIES));

        kit.awaitRunsEnded(List.of("nightly@" + scheduledAt.toEpochMilli(), "doomed@" + scheduledAt.toEpochMilli(), "one-off"));
        List<ConsumerRecord<String, byte[]>> records = kit.runEnds(2);

        assertThat(records).hasSize(2).allSatisfy(record ->
                assertThat(record.partition()).as(record.key()).isEqualTo(kit.schedulePartition(record.key())));
        assertThat(records.stream().map(record -> new RunEndDeserializer().deserialize(record.topic(), record.headers(),
                record.value())).toList()).containsExactlyInAnyOrder(
                new RunEnd("nightly", "nightly@" + scheduledAt.toEpochMilli(), scheduledAt, TaskStatus.SUCCEEDED,
                        endedAt(records, "nightly")),
                new RunEnd("doomed", "doomed@" + scheduledAt.toEpochMilli(), scheduledAt, TaskStatus.DEAD_LETTERED,
                        endedAt(records, "doomed")));
    }

    private static Instant endedAt(List<ConsumerRecord<String, byte[]>> records, String scheduleId) {
        return records.stream().filter(r -> r.key().equals(scheduleId)).findFirst()
                .map(r -> new RunEndDeserializer().deserialize(r.topic(), r.headers(), r.value()).endedAt()).orElseThrow();
    }

    private static TaskEvent scheduled(String scheduleId, Instant scheduledAt, JsonNode payload, RetryPolicy retry) {
        return new TaskEvent(TaskEvent.scheduledEventId(scheduleId, scheduledAt), scheduleId, scheduleId, FlakyHandler.TYPE,
                payload, scheduledAt, scheduledAt, 1, null, null, retry);
    }

    @Test
    void interruptsAnAttemptThatRunsPastItsTimeLimit() {
        TaskEvent slow = ExecutorTestKit.event("slow-1", "k", "sleep", EventJson.mapper().createObjectNode().put("durationMs", 30_000));
        kit.send(TaskEvent.oneOff("sleep").eventId(slow.eventId()).taskKey("k").payload(slow.payload())
                .timeout(Duration.ofMillis(300)).build());

        TaskResult ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("slow-1"))).get("slow-1");

        assertThat(ended.status()).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(ended.error().message()).contains("time limit of 300 ms");
        assertThat(Duration.between(ended.startedAt(), ended.finishedAt())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failsAnUnknownTaskTypeOnceNamingTheType() {
        kit.send(ExecutorTestKit.event("mystery-1", "k", "no-such-type", null));

        List<TaskResult> results = kit.awaitRunsEnded(List.of("mystery-1"));

        TaskResult ended = Guarantees.endedRuns(results).get("mystery-1");
        assertThat(ended.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(ended.error().message()).contains("no handler for task type 'no-such-type'");
        assertThat(results).filteredOn(r -> r.eventId().equals("mystery-1")).hasSize(1);
    }

    @Test
    void deadLettersAnUnreadableRecordAndGoesOnWithTheNextOne() {
        kit.sendRaw("poison", "{not json".getBytes(StandardCharsets.UTF_8));
        kit.send(ExecutorTestKit.event("after-poison", "poison", "noop", null));

        List<TaskResult> results = kit.awaitRunsEnded(List.of("after-poison"));

        assertThat(Guarantees.endedRuns(results).get("after-poison").status()).isEqualTo(TaskStatus.SUCCEEDED);
        ConsumerRecord<String, byte[]> dead = kit.deadLetters(1).get(0);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(dead, EventHeaders.DLQ_ERROR_TYPE)).isEqualTo("UNREADABLE_RECORD");
        assertThat(header(dead, EventHeaders.DLQ_ORIGIN_TOPIC)).isEqualTo(kit.topics.tasks());
        assertThat(header(dead, EventHeaders.DLQ_ORIGIN_OFFSET)).isNotNull();
    }

    @Test
    void failsAnInvalidEventNamingTheFieldWithoutRunningIt() {
        kit.sendRaw("k", "{\"eventId\": \"invalid-1\", \"taskType\": \"noop\", \"attempt\": -2}".getBytes(StandardCharsets.UTF_8));

        TaskResult ended = Guarantees.endedRuns(kit.awaitRunsEnded(List.of("invalid-1"))).get("invalid-1");

        assertThat(ended.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(ended.error().message()).contains("attempt: must be 1 or more");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return EventHeaders.lastValue(record.headers(), name);
    }

    private static Duration gap(TaskResult earlier, TaskResult later) {
        return Duration.between(earlier.finishedAt(), later.startedAt());
    }

    private static JsonNode failures(int count) {
        return EventJson.mapper().createObjectNode().put("failures", count);
    }

    /** Fails the first {@code payload.failures} attempts of each event, then succeeds. */
    static final class FlakyHandler implements TaskHandler {
        static final String TYPE = "flaky";
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String taskType() {
            return TYPE;
        }

        @Override
        public JsonNode handle(TaskContext context) {
            calls.incrementAndGet();
            if (context.attempt() <= context.payload().get("failures").asInt()) {
                throw new IllegalStateException("planned failure of attempt " + context.attempt());
            }
            return EventJson.mapper().createObjectNode().put("attempt", context.attempt());
        }
    }
}

package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventRoundTripTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("schedule-cron.json", ScheduleDefinition.class, "schedule-definition.schema.json"),
                Arguments.of("schedule-interval.json", ScheduleDefinition.class, "schedule-definition.schema.json"),
                Arguments.of("schedule-one-shot.json", ScheduleDefinition.class, "schedule-definition.schema.json"),
                Arguments.of("schedule-specs.json", ScheduleDefinition.class, "schedule-definition.schema.json"),
                Arguments.of("calendar.json", Calendar.class, "calendar.schema.json"),
                Arguments.of("task-event.json", TaskEvent.class, "task-event.schema.json"),
                Arguments.of("task-result.json", TaskResult.class, "task-result.schema.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleMatchesItsSchemaAndItsRecordWritesItBackUnchanged(String example, Class<?> type, String schema)
            throws IOException {
        JsonNode document = Examples.tree(example);

        assertThat(Examples.schemaProblems(schema, document)).isEmpty();
        Object record = EventJson.read(Examples.bytes(example), type);
        JsonNode written = EventJson.mapper().readTree(EventJson.toBytes(record));
        assertThat(written).isEqualTo(document);
        assertThat(EventJson.read(EventJson.toBytes(record), type)).isEqualTo(record);
    }

    @Test
    void schemaRefusesATriggerWithTwoKinds() {
        ObjectNode schedule = Examples.tree("schedule-cron.json");
        ((ObjectNode) schedule.get("trigger")).put("intervalMs", 1000);

        assertThat(Examples.schemaProblems("schedule-definition.schema.json", schedule)).isNotEmpty();
    }

    @Test
    void everyTriggerKindAndTriggerStateRoundTrip() throws IOException {
        Instant t = Instant.parse("2026-11-21T10:00:00.123Z");
        for (Trigger trigger : new Trigger[] {
                new Trigger.Cron("0/5 * * * * ?", "Asia/Tokyo"),
                new Trigger.Interval(250, t, t.plusSeconds(60)),
                Trigger.Interval.every(1),
                new Trigger.OneShot(t)}) {
            ScheduleDefinition definition = ScheduleDefinition.of("s-1", "noop", trigger);
            assertThat(EventJson.read(EventJson.toBytes(definition), ScheduleDefinition.class)).isEqualTo(definition);
        }
        TriggerState state = TriggerState.initial("s-1").fired(t, t.plusMillis(3), true);
        assertThat(EventJson.read(EventJson.toBytes(state), TriggerState.class)).isEqualTo(state);
    }

    @Test
    void theOlderConcurrencyFieldReadsAsItsOverlapPolicyAndAnUnknownPolicyIsRefused() throws IOException {
        String schedule = "{\"id\": \"t\", \"taskType\": \"noop\", \"trigger\": {\"cron\": \"* * * * * ?\"}, %s}";

        assertThat(EventJson.read(String.format(schedule, "\"concurrency\": \"FORBID\"").getBytes(), ScheduleDefinition.class)
                .overlap()).isEqualTo(OverlapPolicy.SKIP);
        assertThat(EventJson.read(String.format(schedule, "\"concurrency\": \"ALLOW\"").getBytes(), ScheduleDefinition.class)
                .overlap()).isEqualTo(OverlapPolicy.ALLOW_ALL);
        assertThat(EventJson.read(String.format(schedule, "\"overlap\": \"BUFFER_ONE\"").getBytes(), ScheduleDefinition.class)
                .overlap()).isEqualTo(OverlapPolicy.BUFFER_ONE);
        ScheduleDefinition written = EventJson.read(String.format(schedule, "\"concurrency\": \"FORBID\"").getBytes(),
                ScheduleDefinition.class);
        assertThat(EventJson.mapper().valueToTree(written).path("overlap").asText()).isEqualTo("SKIP");
        assertThatThrownBy(() -> EventJson.read(String.format(schedule, "\"overlap\": \"SOMETIMES\"").getBytes(),
                ScheduleDefinition.class)).hasMessageContaining("overlap");
    }

    @Test
    void minimalScheduleTakesItsDefaults() throws IOException {
        byte[] json = """
                {"id": "tick", "taskType": "noop", "trigger": {"cron": "* * * * * ?"}, "retry": {"maxAttempts": 7},
                 "someFieldFromANewerProducer": 42}
                """.getBytes();

        ScheduleDefinition definition = EventJson.read(json, ScheduleDefinition.class);

        assertThat(definition.taskKey()).isEqualTo("tick");
        assertThat(definition.trigger()).isEqualTo(new Trigger.Cron("* * * * * ?", "UTC"));
        assertThat(definition.misfirePolicy()).isEqualTo(MisfirePolicy.FIRE_ONCE);
        assertThat(definition.overlap()).isEqualTo(OverlapPolicy.ALLOW_ALL);
        assertThat(definition.retry()).isEqualTo(new RetryPolicy(7, RetryPolicy.DEFAULT_BACKOFF_MS,
                RetryPolicy.DEFAULT_MULTIPLIER, RetryPolicy.DEFAULT_MAX_BACKOFF_MS));
        assertThat(definition.labels()).isEmpty();
        assertThat(definition.paused()).isFalse();
    }

    @Test
    void writtenJsonUsesIsoInstantsAndLeavesOutNulls() {
        TaskEvent event = new TaskEvent("e-1", null, "k", "noop", null,
                Instant.parse("2026-11-21T10:00:00Z"), null, 1, null, null, null);

        JsonNode json = EventJson.mapper().valueToTree(event);

        assertThat(json.get("scheduledAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(json.has("scheduleId")).isFalse();
        assertThat(json.has("payload")).isFalse();
        assertThat(json.get("eventId").asText()).isEqualTo("e-1");
        assertThat(json.get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aTaskEventWithoutAttemptIsItsFirstAttempt() throws IOException {
        TaskEvent event = EventJson.read("{\"taskType\":\"noop\"}".getBytes(), TaskEvent.class);

        assertThat(event.attempt()).isEqualTo(1);
    }

    @Test
    void retryBackoffGrowsByTheMultiplierUpToTheCap() {
        RetryPolicy retry = new RetryPolicy(10, 1_000, 2.0, 5_000);

        assertThat(retry.backoffBefore(2).toMillis()).isEqualTo(1_000);
        assertThat(retry.backoffBefore(3).toMillis()).isEqualTo(2_000);
        assertThat(retry.backoffBefore(4).toMillis()).isEqualTo(4_000);
        assertThat(retry.backoffBefore(5).toMillis()).isEqualTo(5_000);
        assertThat(retry.hasAttemptAfter(9)).isTrue();
        assertThat(retry.hasAttemptAfter(10)).isFalse();
    }
}

package dev.eventscheduler.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.Examples;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskEvents;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.RunEnd;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventSerdesTest {

    private static final String TOPIC = "scheduler.tasks";

    @Test
    void writesJsonWithContentTypeAndEventTypeHeaders() {
        Headers headers = new RecordHeaders();
        TaskEvent event = new TaskEvent("e-1", null, "k", "noop", null, null, null, 1, null, null, null);

        byte[] bytes = new TaskEventSerializer().serialize(TOPIC, headers, event);

        assertThat(EventHeaders.lastValue(headers, EventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(EventHeaders.lastValue(headers, EventHeaders.EVENT_TYPE)).isEqualTo("task-event/v1");
        assertThat(new TaskEventDeserializer().deserialize(TOPIC, headers, bytes)).isEqualTo(event);
    }

    @Test
    void everyTypeRoundTripsThroughItsSerdes() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        ScheduleDefinition schedule = ScheduleDefinition.of("s", "noop", Trigger.Cron.of("0 * * * * ?"));
        TaskResult result = new TaskResult("e", "s", "k", "noop", 1, TaskStatus.SUCCEEDED, null, null, now, now, now, "x");
        TriggerState state = TriggerState.initial("s").fired(now, now, false);
        RunEnd end = RunEnd.of(new TaskResult("s@1", "s", "k", "noop", 1, TaskStatus.SUCCEEDED, null, null,
                Instant.ofEpochMilli(1), now, now, "x"));

        assertThat(roundTrip(new ScheduleDefinitionSerializer(), new ScheduleDefinitionDeserializer(), schedule))
                .isEqualTo(schedule);
        assertThat(roundTrip(new TaskResultSerializer(), new TaskResultDeserializer(), result)).isEqualTo(result);
        assertThat(roundTrip(new TriggerStateSerializer(), new TriggerStateDeserializer(), state)).isEqualTo(state);
        assertThat(roundTrip(new RunEndSerializer(), new RunEndDeserializer(), end)).isEqualTo(end);
        RunControl cancel = RunControl.cancel("s@1", now, "not needed");
        assertThat(roundTrip(new RunControlSerializer(), new RunControlDeserializer(), cancel)).isEqualTo(cancel);
    }

    @Test
    void aTombstoneStaysNull() {
        Headers headers = new RecordHeaders();

        assertThat(new ScheduleDefinitionSerializer().serialize("scheduler.schedules", headers, null)).isNull();
        assertThat(headers.toArray()).isEmpty();
        assertThat(new ScheduleDefinitionDeserializer().deserialize("scheduler.schedules", headers, (byte[]) null)).isNull();
    }

    @Test
    void readsARecordWithoutHeadersAsTheTopicsType() {
        byte[] plain = Examples.bytes("task-event.json");

        TaskEvent event = new TaskEventDeserializer().deserialize(TOPIC, new RecordHeaders(), plain);

        assertThat(event.eventId()).isEqualTo("nightly-report@1795829400000");
    }

    @Test
    void refusesARecordDeclaringAnotherTypeOrVersion() {
        Headers v2 = new RecordHeaders().add(EventHeaders.EVENT_TYPE, "task-event/v2".getBytes(StandardCharsets.UTF_8));
        Headers result = new RecordHeaders().add(EventHeaders.EVENT_TYPE, "task-result/v1".getBytes(StandardCharsets.UTF_8));
        byte[] json = Examples.bytes("task-event.json");

        assertThatThrownBy(() -> new TaskEventDeserializer().deserialize(TOPIC, v2, json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'task-event/v2'").hasMessageContaining("only 'task-event/v1'");
        assertThatThrownBy(() -> new TaskEventDeserializer().deserialize(TOPIC, result, json))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'task-result/v1'");
    }

    @Test
    void refusesUnreadableBytesSayingWhereAndWhy() {
        byte[] garbage = "{\"taskType\": \"noop\", \"attempt\": \"first\"".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new TaskEventDeserializer().deserialize(TOPIC, new RecordHeaders(), garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("cannot read task-event/v1 from topic scheduler.tasks");
        assertThatThrownBy(() -> new TaskEventDeserializer().deserialize(TOPIC, new byte[] {(byte) 0xff, 0x00}))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aBareEventTakesItsKeyAndAStableIdFromTheRecord() {
        TaskEvent bare = new TaskEventDeserializer().deserialize(TOPIC, "{\"taskType\": \"noop\"}".getBytes());
        ConsumerRecord<String, TaskEvent> record = new ConsumerRecord<>(TOPIC, 4, 1234L, "customer-42", bare);

        TaskEvent complete = TaskEvents.completeFrom(record);

        assertThat(complete.taskKey()).isEqualTo("customer-42");
        assertThat(complete.eventId()).isEqualTo("scheduler.tasks-4@1234");
        assertThat(complete.attempt()).isEqualTo(1);
        assertThat(TaskEvents.completeFrom(record)).isEqualTo(complete);
    }

    @Test
    void aScheduledFireHasAnIdMadeOfScheduleAndTime() {
        assertThat(TaskEvent.scheduledEventId("nightly-report", Instant.parse("2026-11-28T01:30:00Z")))
                .isEqualTo("nightly-report@1795829400000");
    }

    private static <T> T roundTrip(JsonEventSerializer<T> serializer, JsonEventDeserializer<T> deserializer, T value) {
        Headers headers = new RecordHeaders();
        return deserializer.deserialize("t", headers, serializer.serialize("t", headers, value));
    }
}

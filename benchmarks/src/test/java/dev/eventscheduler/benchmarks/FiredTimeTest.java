package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FiredTimeTest {

    private final FiredTime.Reader reader = new FiredTime.Reader();

    @Test
    void readsIdScheduleAndTimeOfAWholeTaskEventPastNestedFields() {
        Instant scheduledAt = Instant.parse("2026-11-21T10:00:01.250Z");
        TaskEvent event = new TaskEvent(TaskEvent.scheduledEventId("s-1", scheduledAt), "s-1", "k", "noop",
                EventJson.readTree("{\"eventId\":\"not-this-one\",\"list\":[1,{\"scheduledAt\":\"x\"}]}"), scheduledAt,
                scheduledAt.plusMillis(3), 1, null, 5_000L, RetryPolicy.NONE);

        FiredTime read = reader.deserialize("tasks", new TaskEventSerializer().serialize("tasks", event));

        assertThat(read).isEqualTo(new FiredTime(event.eventId(), "s-1", scheduledAt.toEpochMilli()));
    }

    @Test
    void takesTheFieldsInAnyOrderAndAnyInstantJacksonWouldRead() {
        byte[] json = "{\"scheduledAt\":\"2026-11-21T10:00:01+00:00\",\"eventId\":\"e\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(reader.deserialize("tasks", json))
                .isEqualTo(new FiredTime("e", null, Instant.parse("2026-11-21T10:00:01Z").toEpochMilli()));
    }

    @Test
    void refusesAnEventWithoutItsScheduledTime() {
        assertThatThrownBy(() -> reader.deserialize("tasks", "{\"eventId\":\"e\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("without eventId or scheduledAt");
    }
}

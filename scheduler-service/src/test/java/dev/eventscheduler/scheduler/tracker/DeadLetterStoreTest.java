package dev.eventscheduler.scheduler.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.DeadLetterAction;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.kafka.DeadLetterActionSerializer;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The dead letters the tracker lists: what a record of the topic becomes, what an action does, and the bounds. */
class DeadLetterStoreTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final DeadLetterStore.Query WAITING = query(null, DeadLetterStore.State.WAITING);

    private final DeadLetterStore store = new DeadLetterStore();

    @Test
    void aValidTaskEventIsRedrivableAndAnythingElseIsListedButNot() {
        store.read(deadLetter(0, 1, "k", event("e-1", "sleep"), "TIMEOUT"));
        store.read(record("scheduler.dead-letters", 0, 2, "poison", "{not json".getBytes(StandardCharsets.UTF_8), "UNREADABLE_RECORD"));

        assertThat(store.get("0@1")).satisfies(letter -> {
            assertThat(letter.redrivable()).isTrue();
            assertThat(letter.eventId()).isEqualTo("e-1");
            assertThat(letter.taskType()).isEqualTo("sleep");
            assertThat(letter.errorType()).isEqualTo("TIMEOUT");
        });
        assertThat(store.get("0@2").redrivable()).isFalse();
        assertThat(store.find(WAITING).deadLetters()).extracting(DeadLetter::id).containsExactly("0@2", "0@1");
    }

    @Test
    void anActionMovesItsDeadLetterOutOfTheWaitingOnesEvenWhenReadFirst() {
        store.readAction(action(new DeadLetterAction("0@1", DeadLetterAction.Kind.REDRIVEN, "e-1-redrive-1", T)));
        store.read(deadLetter(0, 1, "k", event("e-1", "sleep"), "TIMEOUT"));
        store.read(deadLetter(0, 2, "k", event("e-2", "sleep"), "TIMEOUT"));
        store.readAction(action(new DeadLetterAction("0@2", DeadLetterAction.Kind.DISCARDED, null, T)));

        assertThat(store.find(WAITING).total()).isZero();
        assertThat(store.get("0@1").redrivenAs()).isEqualTo("e-1-redrive-1");
        assertThat(store.find(query(null, DeadLetterStore.State.DISCARDED)).deadLetters()).extracting(DeadLetter::id)
                .containsExactly("0@2");
        store.readAction(action(new DeadLetterAction("0@1", DeadLetterAction.Kind.DISCARDED, null, T)));
        assertThat(store.get("0@1").action()).as("the first action stands").isEqualTo(DeadLetterAction.Kind.REDRIVEN);
    }

    @Test
    void anActionThatBreaksTheContractChangesNothing() {
        store.read(deadLetter(0, 1, "k", event("e-1", "sleep"), "TIMEOUT"));
        store.readAction(record("scheduler.dead-letter-actions", 0, 0, "0@1", "{not json".getBytes(StandardCharsets.UTF_8), null));
        store.readAction(action(new DeadLetterAction("0@1", DeadLetterAction.Kind.REDRIVEN, null, T)));
        store.readAction(action(new DeadLetterAction("0@1", DeadLetterAction.Kind.DISCARDED, null, Instant.parse("+10000-01-01T00:00:00Z"))));
        store.readAction(action(new DeadLetterAction("not-an-id", DeadLetterAction.Kind.DISCARDED, null, T)));

        assertThat(store.get("0@1").action()).isNull();
    }

    @Test
    void filtersByTaskTypeErrorTypeAndTimeAndPagesNewestFirst() {
        for (int i = 0; i < 5; i++) {
            store.read(deadLetter(0, i, "k", event("e-" + i, i % 2 == 0 ? "sleep" : "http"), i < 3 ? "TIMEOUT" : "IO"));
        }

        assertThat(store.find(query("sleep", DeadLetterStore.State.WAITING)).total()).isEqualTo(3);
        assertThat(store.find(new DeadLetterStore.Query(null, "IO", null, null, DeadLetterStore.State.ALL, 0, 10)).total())
                .isEqualTo(2);
        assertThat(store.find(new DeadLetterStore.Query(null, null, T.plusMillis(3), null, DeadLetterStore.State.ALL, 0, 10))
                .deadLetters()).extracting(DeadLetter::id).containsExactly("0@4", "0@3");
        assertThat(store.find(new DeadLetterStore.Query(null, null, null, null, DeadLetterStore.State.ALL, 1, 2)).deadLetters())
                .extracting(DeadLetter::id).containsExactly("0@3", "0@2");
    }

    @Test
    void keepsTheNewestUpToItsBoundWithClippedMessages() {
        for (int i = 0; i < DeadLetterStore.MAX_KEPT + 5; i++) {
            store.read(record("scheduler.dead-letters", 1, i, "k", null, "X".repeat(10_000)));
        }

        assertThat(store.find(query(null, DeadLetterStore.State.ALL)).total()).isEqualTo(DeadLetterStore.MAX_KEPT);
        assertThat(store.get("1@0")).isNull();
        assertThat(store.get("1@" + (DeadLetterStore.MAX_KEPT + 4)).errorType()).hasSizeLessThan(DeadLetter.MAX_MESSAGE_CHARS + 4);
    }

    private static DeadLetterStore.Query query(String taskType, DeadLetterStore.State state) {
        return new DeadLetterStore.Query(taskType, null, null, null, state, 0, 100);
    }

    private static TaskEvent event(String eventId, String taskType) {
        return TaskEvent.oneOff(taskType).eventId(eventId).taskKey("k").build();
    }

    private static ConsumerRecord<String, byte[]> deadLetter(int partition, long offset, String key, TaskEvent event, String errorType) {
        return record("scheduler.dead-letters", partition, offset, key,
                new TaskEventSerializer().serialize("scheduler.dead-letters", event), errorType);
    }

    private static ConsumerRecord<String, byte[]> action(DeadLetterAction action) {
        return record("scheduler.dead-letter-actions", 0, 0, action.deadLetter(),
                new DeadLetterActionSerializer().serialize("scheduler.dead-letter-actions", action), null);
    }

    private static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset, String key, byte[] value,
                                                         String errorType) {
        RecordHeaders headers = new RecordHeaders();
        if (errorType != null) {
            EventHeaders.set(headers, EventHeaders.DLQ_ERROR_TYPE, errorType);
        }
        return new ConsumerRecord<>(topic, partition, offset, T.toEpochMilli() + offset, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length(), value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }
}

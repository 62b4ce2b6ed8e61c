package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.Jitter;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.RunDeadline;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.RunControlSerializer;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.kafka.TaskResultSerializer;
import dev.eventscheduler.model.kafka.TriggerStateSerializer;
import dev.eventscheduler.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records a firing transaction writes: a task event for each fire (a backfill's too), a
 * {@code SKIPPED} result for each skipped time, a {@code BUFFERED} result for each time that waits, a {@code TIMED_OUT}
 * result for each run given up, a request to stop each run an overlap policy stops, and each schedule's new
 * trigger state (or, with its run end, its removal), encoded for the topics they go to.
 */
final class FireRecords {

    /** The executor id written on results the scheduler itself publishes, before its instance id. */
    static final String SKIP_REPORTER_PREFIX = "scheduler:";

    private final Topics topics;
    private final String reporter;
    private final TaskEventSerializer taskEvents = new TaskEventSerializer();
    private final TaskResultSerializer taskResults = new TaskResultSerializer();
    private final TriggerStateSerializer triggerStates = new TriggerStateSerializer();
    private final RunControlSerializer runControls = new RunControlSerializer();

    FireRecords(Topics topics, String instanceId) {
        this.topics = topics;
        this.reporter = SKIP_REPORTER_PREFIX + instanceId;
    }

    /**
     * The task event of {@code definition}'s fire for {@code scheduledAt}, under its task key
     * ({@link ScheduleDefinition#taskKeyOf}), saying when it was due ({@code dueAt}, from its
     * {@link Jitter}) if that was not its scheduled time.
     */
    ProducerRecord<String, byte[]> taskEvent(ScheduleDefinition definition, Instant scheduledAt, Instant dueAt, Instant firedAt) {
        String eventId = TaskEvent.scheduledEventId(definition.id(), scheduledAt);
        TaskEvent event = new TaskEvent(eventId, definition.id(), definition.taskKeyOf(eventId), definition.taskType(),
                definition.payload(), scheduledAt, firedAt, 1, null, definition.timeoutMs(), definition.retry(), null,
                dueAt.equals(scheduledAt) ? null : dueAt);
        return taskEvents.record(topics.tasks(), null, event.taskKey(), event);
    }

    /**
     * The task event of the fire of {@code scheduledAt} by the schedule's backfill: its own event id
     * ({@link TaskEvent#backfillEventId}), keyed by its {@link #backfillKey}.
     */
    ProducerRecord<String, byte[]> backfillEvent(ScheduleDefinition definition, Instant scheduledAt, Instant firedAt) {
        String eventId = TaskEvent.backfillEventId(definition.id(), scheduledAt, definition.backfill().id());
        String key = backfillKey(definition, eventId);
        TaskEvent event = new TaskEvent(eventId, definition.id(), key, definition.taskType(), definition.payload(), scheduledAt,
                firedAt, 1, null, definition.timeoutMs(), definition.retry());
        return taskEvents.record(topics.tasks(), null, key, event);
    }

    /** The {@code SKIPPED} result of the time {@code scheduledAt} of the schedule's backfill, under its backfill event id. */
    ProducerRecord<String, byte[]> backfillSkipped(ScheduleDefinition definition, Instant scheduledAt, String reason, Instant now) {
        Backfill backfill = definition.backfill();
        String eventId = TaskEvent.backfillEventId(definition.id(), scheduledAt, backfill.id());
        TaskResult result = new TaskResult(eventId, definition.id(), backfillKey(definition, eventId), definition.taskType(), 1,
                TaskStatus.SKIPPED, null, new TaskError(reason, "backfill " + backfill.id() + ", overlap " + backfill.overlap()
                        + ": " + SkipReason.describe(reason)), scheduledAt, null, now, reporter);
        return taskResults.record(topics.results(), null, result.taskKey(), result);
    }

    /**
     * The request to stop the backfill's run of {@code runningAt}, by the backfill's overlap policy, as
     * its time {@code dueAt} fires.
     */
    ProducerRecord<String, byte[]> backfillRunStopped(ScheduleDefinition definition, Instant runningAt, Instant dueAt,
                                                      RunControl.Action action, Instant now) {
        Backfill backfill = definition.backfill();
        String eventId = TaskEvent.backfillEventId(definition.id(), runningAt, backfill.id());
        return stopRequest(eventId, action, now, "backfill overlap policy " + backfill.overlap() + ": "
                + TaskEvent.backfillEventId(definition.id(), dueAt, backfill.id()) + " fired");
    }

    /**
     * The key of a backfill's events: the schedule's task key, so the executors run them one after
     * another in order and each waits for the one before (or for its stop), or, under
     * {@code ALLOW_ALL}, the event id, so they run at once.
     */
    private static String backfillKey(ScheduleDefinition definition, String eventId) {
        return definition.backfill().overlap() == OverlapPolicy.ALLOW_ALL ? eventId : definition.taskKey();
    }

    /** The {@code BUFFERED} result of a time that waits for the schedule's running run to end. */
    ProducerRecord<String, byte[]> bufferedResult(ScheduleDefinition definition, Instant scheduledAt, Instant now) {
        String eventId = TaskEvent.scheduledEventId(definition.id(), scheduledAt);
        TaskResult result = new TaskResult(eventId, definition.id(), definition.taskKeyOf(eventId), definition.taskType(), 1,
                TaskStatus.BUFFERED, null, null, scheduledAt, null, now, reporter);
        return taskResults.record(topics.results(), null, result.taskKey(), result);
    }

    /**
     * The request to stop the schedule's running run {@code eventId}, by its overlap policy, as the
     * time {@code dueAt} comes due; on the control topic, under the run's event id.
     */
    ProducerRecord<String, byte[]> runStopped(ScheduleDefinition definition, String eventId, RunControl.Action action,
                                              Instant dueAt, Instant now) {
        return stopRequest(eventId, action, now, "overlap policy " + definition.overlap() + ": "
                + TaskEvent.scheduledEventId(definition.id(), dueAt) + " came due");
    }

    private ProducerRecord<String, byte[]> stopRequest(String eventId, RunControl.Action action, Instant now, String reason) {
        return runControls.record(topics.control(), null, eventId, new RunControl(eventId, action, now, reason));
    }

    /** A schedule's trigger state, in the partition numbered as its definition's (the topics are co-partitioned). */
    ProducerRecord<String, byte[]> triggerState(int partition, TriggerState state) {
        return triggerStates.record(topics.triggerState(), partition, state.scheduleId(), state);
    }

    /** The tombstone that removes a deleted schedule's trigger state. */
    ProducerRecord<String, byte[]> triggerStateRemoved(int partition, String scheduleId) {
        return new ProducerRecord<>(topics.triggerState(), partition, scheduleId, null);
    }

    /** The tombstone that removes a deleted schedule's latest run end. */
    ProducerRecord<String, byte[]> runEndRemoved(int partition, String scheduleId) {
        return new ProducerRecord<>(topics.runEnds(), partition, scheduleId, null);
    }

    /**
     * The {@code TIMED_OUT} result of the run {@code state} last fired, given up with
     * {@link TaskError#NO_RESULT} as it had no final result by its {@link RunDeadline}.
     */
    ProducerRecord<String, byte[]> runGivenUp(ScheduleDefinition definition, TriggerState state, Instant now) {
        String message = "no final result " + Duration.between(state.lastFiredAt() != null ? state.lastFiredAt() : now, now)
                + " after its fire, past the run's deadline of " + RunDeadline.of(definition) + " (runTimeoutMs, or every "
                + "attempt at its time limit with the back-offs, plus " + RunDeadline.GRACE + "); given up so that the "
                + "schedule fires again";
        TaskResult result = new TaskResult(state.lastEventId(), definition.id(), definition.taskKeyOf(state.lastEventId()),
                definition.taskType(), 1,
                TaskStatus.TIMED_OUT, null, new TaskError(TaskError.NO_RESULT, message),
                TaskEvent.scheduledAtOf(state.lastEventId()), null, now, reporter);
        return taskResults.record(topics.results(), null, result.taskKey(), result);
    }

    /**
     * The {@code SKIPPED} result of a time {@code item} (or of the older times it summarises, counted in
     * its output as {@code skippedTimes}), with {@code reason} as the error type.
     */
    ProducerRecord<String, byte[]> skippedResult(ScheduleDefinition definition, Planned item, String reason, Instant now) {
        String message = item.summaryCount() > 0
                ? (item.moreThanScanned() ? "more than " : "") + item.summaryCount() + " missed times from "
                        + item.scheduledAt() + " on were skipped (" + reason + ")"
                : SkipReason.describe(reason);
        String eventId = TaskEvent.scheduledEventId(definition.id(), item.scheduledAt());
        TaskResult result = new TaskResult(eventId, definition.id(), definition.taskKeyOf(eventId), definition.taskType(), 1,
                TaskStatus.SKIPPED,
                item.summaryCount() > 0 ? EventJson.mapper().createObjectNode().put("skippedTimes", item.summaryCount()) : null,
                new TaskError(reason, message), item.scheduledAt(), null, now, reporter);
        return taskResults.record(topics.results(), null, result.taskKey(), result);
    }
}

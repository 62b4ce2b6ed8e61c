package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.Jitter;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TriggerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns one transaction's planned times into records: each decided by {@link FireDecision} on the
 * trigger state as the transaction leaves it, and sent as what it became (a task event, a
 * {@code SKIPPED} or {@code BUFFERED} result, a run given up, a running run stopped), followed by the schedules' new
 * trigger states and the removals of deleted schedules. Used by the firing loop's thread only.
 */
final class DecisionWriter {

    private final FireRecords records;
    private final OwnedSchedules schedules;
    private final PendingWork pending;
    private final RunView runs;
    private final Exclusions calendars;

    DecisionWriter(FireRecords records, OwnedSchedules schedules, PendingWork pending, RunView runs, Exclusions calendars) {
        this.records = records;
        this.schedules = schedules;
        this.pending = pending;
        this.runs = runs;
        this.calendars = calendars;
    }

    /**
     * Decides each time of {@code work} and sends its records, until the transaction has been open
     * longer than {@code openLimit}; what is left is the result's {@code deferred} work.
     */
    WrittenTransaction write(List<Planned> work, TransactionalWriter.Transaction transaction, Instant now, Duration openLimit) {
        WrittenTransaction written = new WrittenTransaction();
        for (int i = 0; i < work.size(); i++) {
            if (transaction.openLongerThan(openLimit)) {
                // far behind: commit what is written well within the timeout, and write the rest next
                written.deferred = work.subList(i, work.size());
                break;
            }
            write(work.get(i), transaction, written, now);
        }
        written.states.forEach((id, state) -> transaction.send(records.triggerState(schedules.get(id).partition, state)));
        pending.deletions().forEach((id, deletion) -> {
            transaction.send(records.triggerStateRemoved(deletion.partition(), id));
            transaction.send(records.runEndRemoved(deletion.partition(), id));
            // the times that waited for a run will never fire: accounted for, not left waiting
            deletion.buffered().forEach(time -> transaction.send(records.skippedResult(deletion.definition(),
                    Planned.skip(id, time, SkipReason.SCHEDULE_DELETED), SkipReason.SCHEDULE_DELETED, now)));
        });
        return written;
    }

    private void write(Planned item, TransactionalWriter.Transaction transaction, WrittenTransaction written, Instant now) {
        Owned schedule = schedules.get(item.scheduleId());
        TriggerState state = schedule == null ? null : written.states.getOrDefault(item.scheduleId(), schedule.committed);
        if (item.backfillId() != null) {
            backfill(schedule, state, item, transaction, written, now);
            return;
        }
        FireDecision.Decision decision = FireDecision.decide(schedule == null ? null : schedule.definition, state, item, runs,
                calendars, now);
        if (decision.stopLastRun() != null) {
            transaction.send(records.runStopped(schedule.definition, state.lastEventId(), decision.stopLastRun(),
                    item.scheduledAt(), now));
            written.stopped++;
        }
        switch (decision.kind()) {
            case FIRE -> fire(schedule.definition, state, item, decision, transaction, written, now);
            case SKIP -> {
                transaction.send(records.skippedResult(schedule.definition, item, decision.skipReason(), now));
                written.states.put(item.scheduleId(), state.skipped(item.scheduledAt(), decision.last()));
                written.skipped++;
            }
            case BUFFER -> {
                transaction.send(records.bufferedResult(schedule.definition, item.scheduledAt(), now));
                written.states.put(item.scheduleId(), state.buffered(item.scheduledAt()));
            }
            case NONE -> {
                // deleted, paused, written already, or a buffered time whose run has not ended
            }
        }
    }

    /**
     * A time of a backfill: its task event (and the stop of the backfill run before it), or its
     * {@code SKIPPED} result, with the backfill's progress; or nothing.
     */
    private void backfill(Owned schedule, TriggerState state, Planned item, TransactionalWriter.Transaction transaction,
                          WrittenTransaction written, Instant now) {
        FireDecision.Decision decision = FireDecision.decideBackfill(schedule == null ? null : schedule.definition, state, item);
        if (decision.kind() == FireDecision.Kind.NONE) {
            return;
        }
        ScheduleDefinition definition = schedule.definition;
        boolean fire = decision.kind() == FireDecision.Kind.FIRE;
        if (decision.stopLastRun() != null) {
            transaction.send(records.backfillRunStopped(definition, state.backfill().lastTime(), item.scheduledAt(),
                    decision.stopLastRun(), now));
            written.stopped++;
        }
        if (fire) {
            transaction.send(records.backfillEvent(definition, item.scheduledAt(), now));
            written.backfilled++;
        } else {
            transaction.send(records.backfillSkipped(definition, item.scheduledAt(), decision.skipReason(), now));
            written.skipped++;
        }
        written.states.put(item.scheduleId(), state.backfilled(item.backfillId(), item.scheduledAt(), fire, decision.last()));
    }

    /** A time fired: its task event, and the run it gives up at its deadline, if any. */
    private void fire(ScheduleDefinition definition, TriggerState state, Planned item, FireDecision.Decision decision,
                      TransactionalWriter.Transaction transaction, WrittenTransaction written, Instant now) {
        if (decision.givesUpLastRun()) {
            transaction.send(records.runGivenUp(definition, state, now));
            written.givenUp++;
        }
        Instant dueAt = Jitter.dueAt(definition, item.scheduledAt());
        transaction.send(records.taskEvent(definition, item.scheduledAt(), dueAt, now));
        if (item.fromBuffer()) {
            written.states.put(item.scheduleId(), state.firedBuffered(now, decision.last()));
            // it waited by its policy, not because firing fell behind: no fire lag
            written.firedFromBuffer++;
        } else {
            written.states.put(item.scheduleId(), state.fired(item.scheduledAt(), now, decision.last()));
            // fire lag counts from when the time was due, its jitter included
            written.firedTimes.add(dueAt);
        }
    }
}

package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.Jitter;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.ScheduleProgress;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.model.kafka.ScheduleDefinitionDeserializer;
import dev.eventscheduler.scheduler.SchedulerSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules this instance fires, kept as the schedules topic and rebalances change them: each
 * loaded from its definition and committed trigger state, its missed times planned into the
 * {@link PendingWork} ({@link MissedTimes}), its next time timed through the {@link NextFireIndex}
 * (a fixed delay's by {@link FixedDelayChains}), its backfill carried on by {@link BackfillRuns}. A
 * schedule that cannot be loaded or timed is held, as a pause would hold it, so one schedule never
 * stops the others. Used by the firing loop's thread only.
 */
final class OwnedSchedules {

    private static final Logger log = LoggerFactory.getLogger(OwnedSchedules.class);

    private final SchedulerSettings settings;
    private final NextFireIndex index;
    private final PendingWork pending;
    private final ScheduleRestorer restorer;
    private final RunEnds runEnds;
    private final SchedulerMetrics metrics;
    private final ScheduleDefinitionDeserializer definitions = new ScheduleDefinitionDeserializer();
    private final Map<String, Owned> owned = new HashMap<>();
    /** Owned schedules with buffered times, each waiting for its running run to end; may hold some no longer so. */
    private final Set<String> waiting = new HashSet<>();
    private final FixedDelayChains fixedDelays;
    private final BackfillRuns backfills = new BackfillRuns();
    private final MissedTimes missedTimes;

    OwnedSchedules(SchedulerSettings settings, NextFireIndex index, PendingWork pending, ScheduleRestorer restorer,
                   RunEnds runEnds, SchedulerMetrics metrics) {
        this.settings = settings;
        this.index = index;
        this.pending = pending;
        this.restorer = restorer;
        this.runEnds = runEnds;
        this.metrics = metrics;
        this.fixedDelays = new FixedDelayChains(index, pending);
        this.missedTimes = new MissedTimes(settings, pending);
    }

    /** The owned schedule {@code id}; null when not owned. */
    Owned get(String id) {
        return owned.get(id);
    }

    /** A change on the schedules topic: an upsert, a pause or resume, or a tombstone. Never throws for its content. */
    void apply(ConsumerRecord<String, byte[]> record) {
        try {
            applyChange(record);
        } catch (RuntimeException e) {
            // validation refuses what is known to break the arithmetic; this guards against what is not
            log.error("Schedule record key={} at {}-{}@{} could not be loaded; every other schedule fires on",
                    record.key(), record.topic(), record.partition(), record.offset(), e);
            hold(owned.get(record.key()));
        }
    }

    private void applyChange(ConsumerRecord<String, byte[]> record) {
        String id = record.key();
        if (id == null) {
            log.warn("Schedule record without a key at {}-{}@{} ignored", record.topic(), record.partition(), record.offset());
            return;
        }
        Owned current = owned.get(id);
        if (record.value() == null) {
            deleted(id, current, record.partition());
            return;
        }
        ScheduleDefinition definition = ScheduleRestorer.decode(record, definitions);
        if (definition == null) {
            // the latest record decides: a refused one holds the schedule as a pause does, keeping its
            // trigger state, until a valid definition is written (the API lists it with its problems)
            hold(current);
            return;
        }
        Instant writtenAt = Instant.ofEpochMilli(record.timestamp());
        if (current == null) {
            current = new Owned(definition, record.partition(), writtenAt, TriggerState.initial(id));
            owned.put(id, current);
            pending.recreated(id);
        } else {
            // pausing or resuming keeps the definition's age, so a resume catches up on the paused times
            // and so does asking for a backfill
            boolean onlyPauseChanged = current.definition.withPaused(definition.paused(), definition.pause())
                    .withBackfill(definition.backfill()).equals(definition);
            current.definedAt = onlyPauseChanged ? current.definedAt : writtenAt;
            if (current.definition.paused() && !definition.paused()) {
                current.resumedAt = writtenAt;
            }
            current.definition = definition;
        }
        log.info("schedule={} {}", id, definition.paused() ? "paused" : "loaded");
        load(current);
        metrics.schedulesLoaded.set(owned.size());
    }

    /** A tombstone: the schedule goes, and its trigger state, run end and buffered times with the next transaction. */
    private void deleted(String id, Owned current, int partition) {
        if (current != null) {
            index.unschedule(current);
            owned.remove(id);
            log.info("schedule={} deleted", id);
        }
        pending.deleted(id, current == null ? new PendingWork.Deletion(partition, null, List.of())
                : new PendingWork.Deletion(partition, current.definition, current.committed.buffered()));
        metrics.schedulesLoaded.set(owned.size());
    }

    /** Plans a schedule's missed times from its committed state and times the rest through the next-fire index. */
    private void load(Owned schedule) {
        String id = schedule.definition.id();
        pending.forget(id);
        backfills.load(schedule);
        if (schedule.definition.paused() || runsUsedUp(schedule)) {
            index.unschedule(schedule);
            return;
        }
        Instant now = settings.clock().instant();
        if (FixedDelayChains.isFixedDelay(schedule.definition)) {
            // nothing to catch up: its next time follows its last run's end, however long ago
            fixedDelays.load(schedule, now);
            return;
        }
        index.scheduleAt(schedule, missedTimes.plan(schedule, now), now);
    }

    /** After a failed transaction: plans the schedules {@code ids} again from their committed state. */
    void planAgain(Collection<String> ids) {
        ids.stream().map(owned::get).filter(Objects::nonNull).forEach(this::loadOrHold);
    }

    /** The trigger states a transaction committed. */
    void committed(Map<String, TriggerState> states) {
        states.forEach((id, state) -> {
            owned.get(id).committed = state;
            if (!state.buffered().isEmpty()) {
                waiting.add(id);
            }
        });
        fixedDelays.committed(owned, states.keySet());
        backfills.committed(owned, states.keySet());
    }

    /** Whether any owned schedule has a backfill to go on with. */
    boolean hasBackfills() {
        return !backfills.isEmpty();
    }

    /** Adds the next times of the owned schedules' backfills to a transaction's {@code work}. */
    void takeBackfills(List<Planned> work) {
        backfills.take(owned, work);
    }

    /**
     * What follows the end of a run (or its deadline): the oldest buffered time of each schedule whose
     * run it waits for, planned to fire in the next transaction (which decides it again on what it
     * writes), and the next time of each fixed-delay schedule.
     */
    void planFiresAfterRunEnds(RunView runs, Instant now) {
        fixedDelays.planNextTimes(owned, runs, now);
        if (waiting.isEmpty()) {
            return;
        }
        waiting.removeIf(id -> !owned.containsKey(id) || owned.get(id).committed.buffered().isEmpty());
        for (String id : waiting) {
            Owned schedule = owned.get(id);
            Planned oldest = Planned.buffered(id, schedule.committed.buffered().get(0));
            if (!pending.hasPlanned(id)
                    && FireDecision.decide(schedule.definition, schedule.committed, oldest, runs, now).kind() == FireDecision.Kind.FIRE) {
                pending.plan(oldest);
            }
        }
    }

    /**
     * Times the next time of each schedule whose timed fire is done with. Times already due then (the
     * loop is late: it stalled, or waited on the broker) go straight into the pending work, in order,
     * up to {@value PendingWork#MAX_PLANNED_PER_TRANSACTION} a schedule at a time. Timed through Quartz
     * one by one, a time per iteration of the loop, a schedule whose interval is shorter than an
     * iteration never caught up.
     */
    void scheduleNextTimes(List<Fire> done) {
        Instant now = settings.clock().instant();
        for (Fire fire : done) {
            Owned schedule = owned.get(fire.scheduleId());
            if (schedule == null || !index.isScheduledAt(schedule, fire.scheduledAt())) {
                continue;
            }
            try {
                scheduleNextTimes(schedule, fire, now);
            } catch (RuntimeException e) {
                log.error("schedule={}: its next time could not be worked out; every other schedule fires on",
                        fire.scheduleId(), e);
                hold(schedule);
            }
        }
    }

    private void scheduleNextTimes(Owned schedule, Fire fire, Instant now) {
        // not FireTimes.between: this keeps the first time after now to time it, so an on-time fire,
        // the usual case, computes one next time
        Trigger trigger = schedule.definition.trigger();
        // used up by the fire just committed: no more times to time (a later one would be decided NONE)
        Instant next = runsUsedUp(schedule) ? null : FireTimes.nextAfter(trigger, fire.scheduledAt());
        int late = 0;
        while (next != null && !Jitter.dueAt(schedule.definition, next).isAfter(now)
                && late < PendingWork.MAX_PLANNED_PER_TRANSACTION) {
            pending.plan(Planned.fire(fire.scheduleId(), next));
            late++;
            next = FireTimes.nextAfter(trigger, next);
        }
        if (late > 0) {
            log.debug("schedule={} is late: {} times already due go in the next transaction", fire.scheduleId(), late);
        }
        index.fired(schedule, next, now);
    }

    /** Whether the committed fires and buffered times of {@code schedule} have used up its {@code maxRuns}. */
    private static boolean runsUsedUp(Owned schedule) {
        TriggerState state = schedule.committed;
        return ScheduleProgress.runsLeft(schedule.definition, state.fireCount(), state.buffered().size()) <= 0;
    }

    /**
     * Loads the schedules of newly assigned partitions from their definitions and committed trigger
     * state; returns where the consumer goes on reading each partition.
     */
    Map<TopicPartition, Long> restore(Collection<TopicPartition> partitions) {
        long started = System.nanoTime();
        ScheduleRestorer.Restored restored = restorer.restore(partitions.stream().map(TopicPartition::partition).toList(),
                runEnds::apply);
        restored.schedules().forEach((key, stored) -> {
            // the definition's own id, not the record key read beside it: one string per schedule, not three
            String id = stored.definition().id();
            TriggerState state = restored.states().getOrDefault(id, TriggerState.initial(id));
            Owned schedule = new Owned(stored.definition(), stored.partition(), stored.definedAt(), state);
            owned.put(id, schedule);
            if (!state.buffered().isEmpty()) {
                waiting.add(id);
            }
            loadOrHold(schedule);
        });
        // the end of a run of a schedule deleted meanwhile would stay on the compacted topic for ever
        runEnds.dropOrphans(id -> owned.containsKey(id) || restored.states().containsKey(id), pending::deleted);
        runEnds.follow(restored.runEndOffsets());
        metrics.schedulesLoaded.set(owned.size());
        log.info("Assigned {}: restored {} schedules in {} ms", partitions, restored.schedules().size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return restored.endOffsets();
    }

    private void loadOrHold(Owned schedule) {
        try {
            load(schedule);
        } catch (RuntimeException e) {
            log.error("schedule={} could not be loaded; every other schedule fires on", schedule.definition.id(), e);
            hold(schedule);
        }
    }

    /** Stops timing the schedules of {@code partitions} and drops them: revoked or lost, they fire on their new owner. */
    void forget(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        owned.values().removeIf(schedule -> {
            if (numbers.contains(schedule.partition)) {
                index.unschedule(schedule);
                return true;
            }
            return false;
        });
        pending.retain(owned::containsKey, numbers);
        runEnds.forget(numbers);
        metrics.schedulesLoaded.set(owned.size());
    }

    /**
     * Stops firing a schedule whose record was refused or whose loading or timing failed, as a pause
     * would, keeping its trigger state: one schedule's failure never ends the loop that fires all the
     * others. A valid definition written later resumes it.
     */
    private void hold(Owned schedule) {
        if (schedule == null) {
            return;
        }
        index.unschedule(schedule);
        pending.forget(schedule.definition.id());
        schedule.definition = schedule.definition.withPaused(true);
    }
}

package dev.eventscheduler.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A schedule as users write it to {@code scheduler.schedules} (key: {@code id}; a null value
 * deletes it). Absent optional fields take their defaults when the record is built, so every
 * reader sees the same effective definition. Use {@link dev.eventscheduler.model.validation.ScheduleValidator}
 * before accepting one from outside.
 *
 * @param id            1–200 characters of {@code [A-Za-z0-9._:-]}; the Kafka key
 * @param taskKey       the key of the fired task events, so their partition and order (default: {@code id},
 *                      or under {@link OverlapPolicy#ALLOW_ALL} each fire's own event id; see {@link #taskKeyOf})
 * @param taskType      which handler runs the task
 * @param trigger       when it fires
 * @param payload       any JSON handed to the handler, at most 256 KiB serialized (may be null)
 * @param misfirePolicy what to do with missed times (default {@link MisfirePolicy#FIRE_ONCE})
 * @param overlap       what a time due while the previous run has not ended does (default
 *                      {@link OverlapPolicy#ALLOW_ALL}); read from the older {@code concurrency} too
 * @param retry         retries of a failed run (null: the executor's default)
 * @param timeoutMs     the run's time limit (null: the executor's default)
 * @param runTimeoutMs  how long after its fire a run may go without a final result before the
 *                      scheduler gives it up as {@code TIMED_OUT} ({@link TaskError#NO_RESULT}), so
 *                      a lost run cannot hold a FORBID schedule for ever (null: derived from the
 *                      time limit and retry policy, see {@link RunDeadline})
 * @param catchUpWindowMs how far back, when the schedule is loaded (a restart, a take-over, a
 *                      resume), a time it did not fire still fires: each such time within the window
 *                      fires, in order; older ones are missed and the misfire policy decides them
 *                      (null: the scheduler's misfire threshold, applied as Quartz does, see
 *                      docs/scheduler-firing.md)
 * @param maxRuns       how many times it fires in all, counted from its creation (Temporal's
 *                      "remaining actions"); once reached it is {@linkplain ScheduleProgress#completed
 *                      completed} and fires no more. Manual triggers are not counted (null: no limit)
 * @param jitterMs      each fire is delayed by up to this much (and less than the gap to the next time),
 *                      the delay fixed by the schedule id and the scheduled time ({@link Jitter}), so
 *                      many schedules due at one instant spread out; the event keeps its
 *                      {@code scheduledAt} and says when it was due in {@code dueAt} (null or 0: none)
 * @param calendars     names of {@link Calendar}s on {@code scheduler.calendars}: a time any of them
 *                      excludes is skipped with the reason {@link SkipReason#CALENDAR}; a name with no
 *                      calendar (yet) excludes nothing (never null; empty by default, at most
 *                      {@value Calendar#MAX_PER_SCHEDULE})
 * @param backfill      the latest backfill asked for (null: none); see {@link Backfill}
 * @param paused        a paused schedule is kept but does not fire
 * @param pause         why, by whom and when it was paused (null: not said, and always null when not paused)
 * @param labels        free-form string tags (never null; empty by default)
 */
public record ScheduleDefinition(
        String id,
        String taskKey,
        String taskType,
        Trigger trigger,
        JsonNode payload,
        MisfirePolicy misfirePolicy,
        @JsonAlias("concurrency") OverlapPolicy overlap,
        RetryPolicy retry,
        Long timeoutMs,
        Long runTimeoutMs,
        Long catchUpWindowMs,
        Long maxRuns,
        Long jitterMs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> calendars,
        Backfill backfill,
        boolean paused,
        Pause pause,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels) {

    public ScheduleDefinition {
        // a scheduler holds a million definitions: share the key when it is the id, and one copy of each task type
        if (taskKey == null || taskKey.equals(id)) {
            taskKey = id;
        }
        taskType = taskType == null ? null : taskType.intern();
        if (misfirePolicy == null) {
            misfirePolicy = MisfirePolicy.FIRE_ONCE;
        }
        if (overlap == null) {
            overlap = OverlapPolicy.ALLOW_ALL;
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        calendars = calendars == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(calendars));
        if (!paused) {
            pause = null;
        }
    }

    /** A definition with every optional field at its default. */
    public static ScheduleDefinition of(String id, String taskType, Trigger trigger) {
        return new ScheduleDefinition(id, null, taskType, trigger, null, null, null, null, null, null, null, null, null, null, null, false, null, null);
    }

    /**
     * A builder for a definition, every optional field at its default until set:
     * {@code ScheduleDefinition.builder("nightly-report", "http").cron("0 30 2 * * ?", "Europe/Berlin").build()}.
     * Nothing is checked until the definition is written (the client and the API validate it).
     */
    public static Builder builder(String id, String taskType) {
        return new Builder(id, taskType);
    }

    /** Builds a {@link ScheduleDefinition}; see {@link #builder}. */
    public static final class Builder {
        private final String id;
        private final String taskType;
        private String taskKey;
        private Trigger trigger;
        private JsonNode payload;
        private MisfirePolicy misfirePolicy;
        private OverlapPolicy overlap;
        private RetryPolicy retry;
        private Long timeoutMs;
        private Long runTimeoutMs;
        private Long catchUpWindowMs;
        private Long maxRuns;
        private Long jitterMs;
        private final List<String> calendars = new java.util.ArrayList<>();
        private java.time.Instant endAt;
        private boolean paused;
        private final Map<String, String> labels = new java.util.LinkedHashMap<>();

        private Builder(String id, String taskType) {
            this.id = id;
            this.taskType = taskType;
        }

        /** Fires on a Quartz cron expression with a seconds field, read in UTC. */
        public Builder cron(String expression) {
            return trigger(Trigger.Cron.of(expression));
        }

        /** Fires on a Quartz cron expression read in {@code timeZone} (an IANA id). */
        public Builder cron(String expression, String timeZone) {
            return trigger(new Trigger.Cron(expression, timeZone));
        }

        /** Fires every {@code interval}, from when the schedule is first loaded. */
        public Builder every(java.time.Duration interval) {
            return trigger(Trigger.Interval.every(interval.toMillis()));
        }

        /** Fires once, at {@code at}. */
        public Builder at(java.time.Instant at) {
            return trigger(new Trigger.OneShot(at));
        }

        /**
         * Fires on every time of any of {@code specs}, crons and intervals; a time two of them share
         * fires once: {@code anyOf(Trigger.Cron.of("0 0 9 * * MON-FRI"), Trigger.Interval.every(3_600_000))}.
         */
        public Builder anyOf(Trigger... specs) {
            return trigger(Trigger.Union.of(specs));
        }

        public Builder trigger(Trigger trigger) {
            this.trigger = trigger;
            return this;
        }

        /** The key of every fire's task event (default: the schedule id). */
        public Builder taskKey(String taskKey) {
            this.taskKey = taskKey;
            return this;
        }

        public Builder payload(JsonNode payload) {
            this.payload = payload;
            return this;
        }

        public Builder misfirePolicy(MisfirePolicy misfirePolicy) {
            this.misfirePolicy = misfirePolicy;
            return this;
        }

        /** What a time due while the previous run has not ended does (default {@link OverlapPolicy#ALLOW_ALL}). */
        public Builder overlap(OverlapPolicy overlap) {
            this.overlap = overlap;
            return this;
        }

        /** @deprecated use {@link #overlap}: {@code ALLOW} is {@code ALLOW_ALL}, {@code FORBID} is {@code SKIP} */
        @Deprecated
        public Builder concurrency(ConcurrencyPolicy concurrency) {
            return overlap(concurrency.overlap());
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** Each run's time limit (default: the executor's). */
        public Builder timeout(java.time.Duration timeout) {
            this.timeoutMs = timeout.toMillis();
            return this;
        }

        /** How long a run may go without a final result before it is given up (default: see {@link RunDeadline}). */
        public Builder runTimeout(java.time.Duration runTimeout) {
            this.runTimeoutMs = runTimeout.toMillis();
            return this;
        }

        /**
         * How far back a time not fired while the schedule was not loaded still fires when it is
         * (default: the scheduler's misfire threshold); see {@link ScheduleDefinition#catchUpWindowMs}.
         */
        public Builder catchUpWindow(java.time.Duration catchUpWindow) {
            this.catchUpWindowMs = catchUpWindow.toMillis();
            return this;
        }

        /** How many times it fires in all (default: no limit); see {@link ScheduleDefinition#maxRuns}. */
        public Builder maxRuns(long maxRuns) {
            this.maxRuns = maxRuns;
            return this;
        }

        /** Skips the times the calendar {@code name} excludes; see {@link ScheduleDefinition#calendars}. */
        public Builder calendar(String name) {
            calendars.add(name);
            return this;
        }

        /** Delays each fire by up to {@code jitter}, the same delay on every instance (default: none); see {@link Jitter}. */
        public Builder jitter(java.time.Duration jitter) {
            this.jitterMs = jitter.toMillis();
            return this;
        }

        /**
         * When a cron or interval trigger, or each spec of a union, ends: a time at {@code endAt}
         * still fires, later ones do not (default: never). A one-shot ends at its own time and takes no end.
         */
        public Builder endAt(java.time.Instant endAt) {
            this.endAt = endAt;
            return this;
        }

        public Builder paused(boolean paused) {
            this.paused = paused;
            return this;
        }

        public Builder label(String name, String value) {
            labels.put(name, value);
            return this;
        }

        /** @throws IllegalStateException when an end is set on a one-shot trigger */
        public ScheduleDefinition build() {
            return new ScheduleDefinition(id, taskKey, taskType, endingTrigger(), payload, misfirePolicy, overlap, retry,
                    timeoutMs, runTimeoutMs, catchUpWindowMs, maxRuns, jitterMs, calendars, null, paused, null, labels);
        }

        private Trigger endingTrigger() {
            return endAt == null ? trigger : ending(trigger);
        }

        private Trigger ending(Trigger trigger) {
            if (trigger instanceof Trigger.Union union) {
                return new Trigger.Union(union.specs().stream().map(this::ending).toList());
            }
            if (trigger instanceof Trigger.Cron cron) {
                return cron.until(endAt);
            }
            if (trigger instanceof Trigger.Interval interval) {
                return interval.until(endAt);
            }
            throw new IllegalStateException("endAt is for a cron or an interval trigger; a one-shot ends at its time");
        }
    }

    /**
     * The task key of the fire {@code eventId}. Under {@link OverlapPolicy#ALLOW_ALL}, when the
     * schedule sets no task key of its own, each fire is keyed by its event id, so its runs spread
     * over the partitions and really overlap; otherwise the schedule's task key, so its runs queue
     * in that key's order (and, under the other policies, at most one runs at a time anyway).
     */
    public String taskKeyOf(String eventId) {
        return overlap == OverlapPolicy.ALLOW_ALL && taskKey.equals(id) ? eventId : taskKey;
    }

    /** This definition asking for {@code backfill} (replacing any earlier one). */
    public ScheduleDefinition withBackfill(Backfill backfill) {
        return new ScheduleDefinition(id, taskKey, taskType, trigger, payload, misfirePolicy, overlap,
                retry, timeoutMs, runTimeoutMs, catchUpWindowMs, maxRuns, jitterMs, calendars, backfill, paused, pause, labels);
    }

    /** This definition, paused (keeping its pause note) or resumed (dropping it). */
    public ScheduleDefinition withPaused(boolean paused) {
        return withPaused(paused, pause);
    }

    /** This definition, paused with {@code pause} saying why, by whom and when, or resumed. */
    public ScheduleDefinition withPaused(boolean paused, Pause pause) {
        return new ScheduleDefinition(id, taskKey, taskType, trigger, payload, misfirePolicy, overlap,
                retry, timeoutMs, runTimeoutMs, catchUpWindowMs, maxRuns, jitterMs, calendars, backfill, paused, pause, labels);
    }
}

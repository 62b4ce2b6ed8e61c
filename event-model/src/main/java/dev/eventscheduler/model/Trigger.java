package dev.eventscheduler.model;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.eventscheduler.model.json.TriggerDeserializer;
import java.time.Instant;
import java.util.List;

/**
 * When a schedule fires: exactly one of a cron expression, a fixed interval, a single instant, the
 * union of several crons and intervals, or a fixed delay after each run. A cron or an interval may
 * end ({@code endAt}); a one-shot ends at its time. On the wire the kind is told by which field is
 * present ({@code cron}, {@code intervalMs}, {@code at}, {@code specs} or {@code fixedDelayMs}); an
 * object with none or several of them is rejected, naming the {@code trigger} field.
 */
@JsonDeserialize(using = TriggerDeserializer.class)
public sealed interface Trigger permits Trigger.Cron, Trigger.Interval, Trigger.OneShot, Trigger.Union, Trigger.FixedDelay {

    /** The time zone a cron expression is read in when none is given. */
    String DEFAULT_TIME_ZONE = "UTC";

    /**
     * A Quartz cron expression with a seconds field, e.g. {@code 0 *&#47;5 * * * ?}, read in
     * {@code timeZone} (an IANA id such as {@code Europe/Berlin}; UTC when absent), until
     * {@code endAt} (a time at {@code endAt} still fires; null: for ever).
     */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Cron(String cron, String timeZone, Instant endAt) implements Trigger {
        public Cron {
            // a scheduler holds a million of these and they repeat: one copy of each text
            cron = cron == null ? null : cron.intern();
            timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone.intern();
        }

        /** For ever, in {@code timeZone}. */
        public Cron(String cron, String timeZone) {
            this(cron, timeZone, null);
        }

        public static Cron of(String cron) {
            return new Cron(cron, DEFAULT_TIME_ZONE);
        }

        /** The same expression and zone, ending at {@code endAt}. */
        public Cron until(Instant endAt) {
            return new Cron(cron, timeZone, endAt);
        }
    }

    /**
     * Every {@code intervalMs} milliseconds, from {@code startAt} (or the moment the schedule is
     * first loaded) until {@code endAt} (or for ever).
     */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Interval(long intervalMs, Instant startAt, Instant endAt) implements Trigger {
        public static Interval every(long intervalMs) {
            return new Interval(intervalMs, null, null);
        }

        /** The same interval and start, ending at {@code endAt}. */
        public Interval until(Instant endAt) {
            return new Interval(intervalMs, startAt, endAt);
        }
    }

    /** Once, at {@code at}; afterwards the schedule's trigger state marks it completed. */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record OneShot(Instant at) implements Trigger {
    }

    /**
     * Every time of any of {@code specs} (crons and intervals, each with its own zone and end), in
     * order; a time two of them share fires once (Temporal's several specs of one schedule).
     */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Union(List<Trigger> specs) implements Trigger {
        /** The most specs one schedule may list. */
        public static final int MAX_SPECS = 20;

        public Union {
            specs = specs == null ? List.of() : List.copyOf(specs);
        }

        public static Union of(Trigger... specs) {
            return new Union(List.of(specs));
        }
    }

    /**
     * A fixed delay (XXL-JOB's, {@code ScheduledExecutorService.scheduleWithFixedDelay}'s): the first
     * time at {@code startAt} (or when the schedule is first written), each later one
     * {@code fixedDelayMs} after the previous run's final result, as its end on the run-ends topic says
     * (a run with no final result by its {@link RunDeadline} counts as ended then). So runs never
     * overlap, and a time depends on when the run before it ended: {@link FireTimes} knows only the first.
     * No time after {@code endAt} fires (null: for ever): the chain ends at the first time past it,
     * which is recorded {@code SKIPPED} ({@link SkipReason#ENDED}).
     */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record FixedDelay(long fixedDelayMs, Instant startAt, Instant endAt) implements Trigger {
        public static FixedDelay of(long fixedDelayMs) {
            return new FixedDelay(fixedDelayMs, null, null);
        }

        /** A fixed delay without an end. */
        public FixedDelay(long fixedDelayMs, Instant startAt) {
            this(fixedDelayMs, startAt, null);
        }

        /** Whether {@code time} is past {@link #endAt}, so the chain ends there. */
        public boolean endedBy(Instant time) {
            return endAt != null && time.isAfter(endAt);
        }
    }
}

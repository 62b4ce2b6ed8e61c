package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TriggerState;
import java.time.Instant;

/** A schedule this instance fires: its definition, where it lives, and its last committed trigger state. */
final class Owned {

    ScheduleDefinition definition;
    final int partition;
    /** When the definition's content was last written; times before it are never caught up. */
    Instant definedAt;
    /**
     * When it was last resumed while this instance owned it (null if not): times up to then were
     * paused, so they are missed, not late, however recent.
     */
    Instant resumedAt;
    /** The trigger state as last committed; fires in a transaction that fails are planned again from it. */
    TriggerState committed;
    /** The next time it fires, as timed by {@link NextFireIndex}; null when not timed. */
    Instant next;
    /** When {@link #next} is due: {@code next} itself, or later by the schedule's {@link dev.eventscheduler.model.Jitter}. */
    Instant due;
    /** Whether Quartz holds a trigger for {@link #next}, or it waits in the index's queue. */
    boolean inQuartz;

    Owned(ScheduleDefinition definition, int partition, Instant definedAt, TriggerState committed) {
        this.definition = definition;
        this.partition = partition;
        this.definedAt = definedAt;
        this.committed = committed;
    }
}

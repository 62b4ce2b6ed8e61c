package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.TriggerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one firing transaction wrote, applied by the {@link FiringLoop} once it commits. */
final class WrittenTransaction {
    /** The schedules' new trigger states, by schedule id. */
    final Map<String, TriggerState> states = new LinkedHashMap<>();
    /** When each time fired was due (its scheduled time, plus its jitter), for the fire-lag metric. */
    final List<Instant> firedTimes = new ArrayList<>();
    /** Times of backfills fired. */
    int backfilled;
    /** Buffered times fired once the run they waited for ended. */
    int firedFromBuffer;
    int skipped;
    /** Runs given up at their deadline, recorded TIMED_OUT. */
    int givenUp;
    /** Running runs asked to stop by their schedule's overlap policy (CANCEL_OTHER, TERMINATE_OTHER). */
    int stopped;
    /** Work the transaction had no time left for, in order, for the next ones. */
    List<Planned> deferred = List.of();
}

package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.RunState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last hour at a glance, worked out on the server from every run the tracker keeps (not from a
 * page of them): runs per minute by state, fire lag (fired minus scheduled) per minute and over the
 * hour, and the executors that published a result in the last {@link #EXECUTOR_WINDOW}. A run counts
 * in the minute of its scheduled time (its fire time for a one-off). What the tracker no longer keeps
 * ({@link RunStore#DEFAULT_MAX_RUNS} runs, its look-back) is not in it.
 *
 * @param from      the start of the first minute, a whole minute
 * @param minutes   {@value #MINUTES} minutes, oldest first, the last one the minute now runs in
 * @param lag       fire lag over the whole hour
 * @param executors each executor seen, with its newest result, newest first
 */
public record RunOverview(Instant from, List<Minute> minutes, Lag lag, List<Executor> executors) {

    /** How many minutes the overview covers. */
    public static final int MINUTES = 60;
    /** How recent an executor's newest result must be for it to be listed. */
    public static final Duration EXECUTOR_WINDOW = Duration.ofMinutes(10);

    /** One minute: runs by state, and the fire lag of those fired (null when none was). */
    public record Minute(Instant start, Map<RunState, Integer> counts, Long lagP50Ms, Long lagP99Ms) {
    }

    /** Fire lag percentiles over {@code fires} fires (null when there were none). */
    public record Lag(int fires, Long p50Ms, Long p99Ms) {
    }

    /** An executor, by its id, and when its newest result finished. */
    public record Executor(String id, Instant lastResultAt) {
    }

    /** The overview of the runs in {@code table} as of {@code now}. */
    static RunOverview of(RunTable table, Instant now) {
        Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(MINUTES - 1, ChronoUnit.MINUTES);
        List<Map<RunState, Integer>> counts = new ArrayList<>();
        List<List<Long>> lags = new ArrayList<>();
        for (int i = 0; i < MINUTES; i++) {
            counts.add(new EnumMap<>(RunState.class));
            lags.add(new ArrayList<>());
        }
        Map<String, Instant> executors = new HashMap<>();
        Instant executorsSince = now.minus(EXECUTOR_WINDOW);
        for (int slot = table.newest(); slot >= 0; slot = table.olderThan(slot)) {
            Instant scheduled = table.time(slot, RunTable.SCHEDULED);
            Instant fired = table.time(slot, RunTable.FIRED);
            Instant at = scheduled != null ? scheduled : fired;
            long minute = at == null || at.isBefore(from) ? -1 : Duration.between(from, at).toMinutes();
            if (minute >= 0 && minute < MINUTES) {
                counts.get((int) minute).merge(table.state(slot), 1, Integer::sum);
                if (scheduled != null && fired != null) {
                    lags.get((int) minute).add(Math.max(0, Duration.between(scheduled, fired).toMillis()));
                }
            }
            seen(executors, table.executorId(slot), table.time(slot, RunTable.FINISHED), executorsSince);
        }
        List<Minute> minutes = new ArrayList<>();
        for (int i = 0; i < MINUTES; i++) {
            long[] sorted = sorted(lags.get(i));
            minutes.add(new Minute(from.plus(i, ChronoUnit.MINUTES), counts.get(i), percentile(sorted, 50), percentile(sorted, 99)));
        }
        long[] all = sorted(lags.stream().flatMap(List::stream).toList());
        List<Executor> seen = executors.entrySet().stream().map(e -> new Executor(e.getKey(), e.getValue()))
                .sorted((a, b) -> b.lastResultAt().compareTo(a.lastResultAt())).toList();
        return new RunOverview(from, minutes, new Lag(all.length, percentile(all, 50), percentile(all, 99)), seen);
    }

    /** Keeps {@code finished} as the executor's newest result, if it is recent; the scheduler's own results ({@code scheduler:}) are no executor's. */
    private static void seen(Map<String, Instant> executors, String executorId, Instant finished, Instant since) {
        if (executorId != null && !executorId.startsWith("scheduler:") && finished != null && finished.isAfter(since)) {
            executors.merge(executorId, finished, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    private static long[] sorted(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    /** The nearest-rank percentile {@code p} of {@code sorted}; null when it is empty. */
    static Long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}

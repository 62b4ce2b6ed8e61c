package dev.eventscheduler.benchmarks;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fires seen for scheduled times within a window: how often each event id appeared, and each
 * one's lag (visible minus scheduled). Every fire benchmark reports its figures from one of these.
 */
final class FireLog {

    private final long fromMillis;
    private final long toMillis;
    private final Map<String, Integer> counts = new HashMap<>();
    private long[] lags = new long[1 << 16];
    private int size;
    private long lastVisibleMillis;

    /** Counts scheduled times in {@code [fromMillis, toMillis)}; others are ignored. */
    FireLog(long fromMillis, long toMillis) {
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
    }

    void add(String eventId, long scheduledMillis, long visibleMillis) {
        if (scheduledMillis < fromMillis || scheduledMillis >= toMillis) {
            return;
        }
        if (counts.merge(eventId, 1, Integer::sum) > 1) {
            return;
        }
        if (size == lags.length) {
            lags = Arrays.copyOf(lags, size * 2);
        }
        lags[size++] = visibleMillis - scheduledMillis;
        lastVisibleMillis = Math.max(lastVisibleMillis, visibleMillis);
    }

    /** Distinct scheduled times seen. */
    int distinct() {
        return size;
    }

    long duplicates() {
        return counts.values().stream().filter(n -> n > 1).count();
    }

    long lastVisibleMillis() {
        return lastVisibleMillis;
    }

    /** Lag percentiles in ms, named {@code <prefix>lag p50 ms} and so on. */
    Map<String, Double> lagFigures(String prefix) {
        long[] measured = Arrays.copyOf(lags, size);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put(prefix + "lag p50 ms", Stats.percentile(measured, 50));
        figures.put(prefix + "lag p99 ms", Stats.percentile(measured, 99));
        figures.put(prefix + "lag p99.9 ms", Stats.percentile(measured, 99.9));
        figures.put(prefix + "lag max ms", Stats.percentile(measured, 100));
        return figures;
    }

    /** Duplicates and missing against the {@code expected} distinct times (both must be 0). */
    Map<String, Double> exactlyOnceFigures(long expected) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("duplicates", (double) duplicates());
        figures.put("missing", (double) Math.max(0, expected - distinct()));
        return figures;
    }
}

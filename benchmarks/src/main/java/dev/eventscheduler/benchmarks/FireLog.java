package dev.eventscheduler.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fires seen for scheduled times within a window: how often each event id appeared, and each
 * one's lag (visible minus scheduled). Every fire benchmark reports its figures from one of these.
 */
final class FireLog {

    private final long fromMillis;
    private final long toMillis;
    /**
     * The event ids seen, each as its 128-bit MD5 digest in an open-addressing table: no objects per
     * fire, so the benchmark's own bookkeeping does not add to the young collections whose pauses it
     * measures (a map of id strings did: 300,000 of them, copied at every collection). Two of a
     * million ids share a digest with a probability of about 10^-27.
     */
    private long[] seenHigh = new long[1 << 17];
    private long[] seenLow = new long[1 << 17];
    private int seen;
    private final Set<String> duplicated = new HashSet<>();
    private final MessageDigest md5;
    private long[] lags = new long[1 << 16];
    private int size;
    private long lastVisibleMillis;

    /** Counts scheduled times in {@code [fromMillis, toMillis)}; others are ignored. */
    FireLog(long fromMillis, long toMillis) {
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    void add(String eventId, long scheduledMillis, long visibleMillis) {
        if (scheduledMillis < fromMillis || scheduledMillis >= toMillis) {
            return;
        }
        if (!firstSighting(eventId)) {
            duplicated.add(eventId);
            return;
        }
        if (size == lags.length) {
            lags = Arrays.copyOf(lags, size * 2);
        }
        lags[size++] = visibleMillis - scheduledMillis;
        lastVisibleMillis = Math.max(lastVisibleMillis, visibleMillis);
    }

    private boolean firstSighting(String eventId) {
        ByteBuffer digest = ByteBuffer.wrap(md5.digest(eventId.getBytes(StandardCharsets.UTF_8)));
        long high = digest.getLong(0);
        long low = digest.getLong(8);
        if (high == 0 && low == 0) {
            // (0, 0) marks an empty slot
            low = 1;
        }
        if (seen * 2 >= seenHigh.length) {
            long[] oldHigh = seenHigh;
            long[] oldLow = seenLow;
            seenHigh = new long[oldHigh.length * 2];
            seenLow = new long[oldLow.length * 2];
            seen = 0;
            for (int i = 0; i < oldHigh.length; i++) {
                if (oldHigh[i] != 0 || oldLow[i] != 0) {
                    insert(oldHigh[i], oldLow[i]);
                }
            }
        }
        return insert(high, low);
    }

    private boolean insert(long high, long low) {
        int mask = seenHigh.length - 1;
        for (int i = (int) (high ^ high >>> 32) & mask; ; i = (i + 1) & mask) {
            if (seenHigh[i] == 0 && seenLow[i] == 0) {
                seenHigh[i] = high;
                seenLow[i] = low;
                seen++;
                return true;
            }
            if (seenHigh[i] == high && seenLow[i] == low) {
                return false;
            }
        }
    }

    /** Distinct scheduled times seen. */
    int distinct() {
        return size;
    }

    /** Event ids seen more than once. */
    long duplicates() {
        return duplicated.size();
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

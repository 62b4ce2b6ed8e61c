package dev.eventscheduler.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Percentiles of a set of samples, the median/min/max of repeated runs, and how a figure is printed. */
final class Stats {

    private Stats() {
    }

    /** The {@code p}-th percentile (0–100) of {@code samples}, nearest rank; NaN when empty. */
    static double percentile(long[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /**
     * A figure as progress lines, the summary table and {@code results.md} all print it: whole and
     * grouped from 100 up or when it is a count ({@code 1,522,332}, {@code 0}), else to about three
     * significant digits ({@code 19.5}, {@code 0.38}), so a rate and a CPU time per record are both readable.
     */
    static String format(double value) {
        double size = Math.abs(value);
        String pattern = size >= 100 || value == Math.rint(value) ? "%,.0f" : size >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}

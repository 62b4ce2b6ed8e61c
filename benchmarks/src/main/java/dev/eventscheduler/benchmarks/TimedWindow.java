package dev.eventscheduler.benchmarks;

import java.util.Map;
import java.util.Optional;

/**
 * The timed part of a throughput measurement: from the first record or result seen (connecting and
 * joining before it are start-up) to the moment the last is in. It gives the rate and, over exactly
 * the same window, the {@link MachineCpu machine's CPU} spent on each item.
 */
final class TimedWindow {

    private boolean started;
    private long startedNanos;
    private Optional<MachineCpu.Reading> cpuAtStart = Optional.empty();

    /** Starts the window; later calls change nothing, so a loop may call it for every item it sees. */
    void start() {
        if (!started) {
            started = true;
            cpuAtStart = MachineCpu.read();
            startedNanos = System.nanoTime();
        }
    }

    /** Ends the window with {@code items} done in it. */
    Rate end(long items) {
        if (!started) {
            throw new IllegalStateException("the window never started: nothing was seen");
        }
        double seconds = RawKafka.seconds(startedNanos);
        Optional<MachineCpu.Reading> cpuAtEnd = MachineCpu.read();
        double cpu = cpuAtStart.isPresent() && cpuAtEnd.isPresent()
                ? cpuAtEnd.get().microsEach(cpuAtStart.get(), seconds, items) : Double.NaN;
        return new Rate(items / seconds, cpu);
    }

    /**
     * Items per second, and the machine's CPU microseconds per item over the same window (NaN where
     * it cannot be read). When both cores are busy the whole window, the CPU figures of two rates are
     * in the inverse ratio of the rates; where they are not, the CPU figure says how far from
     * saturated the machine was: busy share = CPU µs each × rate / (cores × 10⁶).
     */
    record Rate(double perSecond, double cpuMicrosEach) {

        /** The name of the CPU figure that goes with the rate figure {@code rateFigure}: {@code "tasks/s: cpu us each"}. */
        static String cpuFigure(String rateFigure) {
            return rateFigure + ": cpu us each";
        }

        /** Puts the rate under {@code rateFigure} and, where known, its CPU figure under {@link #cpuFigure}. */
        void putInto(Map<String, Double> figures, String rateFigure) {
            figures.put(rateFigure, perSecond);
            if (!Double.isNaN(cpuMicrosEach)) {
                figures.put(cpuFigure(rateFigure), cpuMicrosEach);
            }
        }
    }
}

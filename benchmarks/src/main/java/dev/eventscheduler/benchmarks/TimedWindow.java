package dev.eventscheduler.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The timed part of a throughput measurement: from the first record or result seen (connecting and
 * joining before it are start-up) to the moment the last is in. It gives the rate and, over exactly
 * the same window, where the CPU went: the {@link MachineCpu machine's} and the broker's process's per
 * item, and the {@link ThreadCpu busiest thread} of this JVM.
 */
final class TimedWindow {

    private final Optional<ProcessHandle> broker;
    private boolean started;
    private long startedNanos;
    private Optional<MachineCpu.Reading> machineAtStart = Optional.empty();
    private Optional<Duration> brokerAtStart = Optional.empty();
    private Map<Long, ThreadCpu.Time> threadsAtStart = Map.of();

    /** A window whose CPU figures include {@code broker}'s process, where the benchmark started one. */
    TimedWindow(Optional<ProcessHandle> broker) {
        this.broker = broker;
    }

    /** Starts the window; later calls change nothing, so a loop may call it for every item it sees. */
    void start() {
        if (!started) {
            started = true;
            threadsAtStart = ThreadCpu.read();
            brokerAtStart = brokerCpu();
            machineAtStart = MachineCpu.read();
            startedNanos = System.nanoTime();
        }
    }

    /** Ends the window with {@code items} done in it. */
    Rate end(long items) {
        if (!started) {
            throw new IllegalStateException("the window never started: nothing was seen");
        }
        double seconds = RawKafka.seconds(startedNanos);
        Optional<MachineCpu.Reading> machineAtEnd = MachineCpu.read();
        Optional<Duration> brokerAtEnd = brokerCpu();
        Optional<ThreadCpu.Busiest> busiest = ThreadCpu.busiest(threadsAtStart, ThreadCpu.read(), seconds);
        double machine = machineAtStart.isPresent() && machineAtEnd.isPresent()
                ? machineAtEnd.get().microsEach(machineAtStart.get(), seconds, items) : Double.NaN;
        double brokerMicros = brokerAtStart.isPresent() && brokerAtEnd.isPresent()
                ? brokerAtEnd.get().minus(brokerAtStart.get()).toNanos() / 1e3 / items : Double.NaN;
        return new Rate(items / seconds, new Cpu(machine, brokerMicros,
                busiest.map(ThreadCpu.Busiest::name).orElse(null),
                busiest.map(ThreadCpu.Busiest::percentOfCore).orElse(Double.NaN)));
    }

    private Optional<Duration> brokerCpu() {
        return broker.flatMap(process -> process.info().totalCpuDuration());
    }

    /** Items per second, and where the CPU went over the same window. */
    record Rate(double perSecond, Cpu cpu) {

        /** Puts the rate under {@code rateFigure}, and its CPU figures under names made from it. */
        void putInto(Map<String, Double> figures, String rateFigure) {
            figures.put(rateFigure, perSecond);
            cpu.putInto(figures, rateFigure);
        }
    }

    /**
     * Where a window's CPU went; NaN (or a null name) for what could not be read.
     *
     * @param machineMicrosEach     the whole machine's CPU microseconds per item, broker and every other
     *                              process included. When both cores are busy the whole window, the
     *                              figures of two rates are in the inverse ratio of the rates; where they
     *                              are not, busy share = µs each × rate / (cores × 10⁶)
     * @param brokerMicrosEach      the broker process's CPU microseconds per item, where the benchmark
     *                              started it ({@link BrokerProcess}); part of the machine's
     * @param busiestThread         the name of this JVM's thread that used the most CPU in the window
     * @param busiestThreadPercent  how much of one core that thread used: near 100 while the machine
     *                              has idle time, it is what held the rate
     */
    record Cpu(double machineMicrosEach, double brokerMicrosEach, String busiestThread, double busiestThreadPercent) {

        /** The name of the machine's CPU figure that goes with the rate figure {@code rateFigure}. */
        static String machineFigure(String rateFigure) {
            return rateFigure + ": cpu us each";
        }

        /** The name of the broker's CPU figure that goes with the rate figure {@code rateFigure}. */
        static String brokerFigure(String rateFigure) {
            return rateFigure + ": broker cpu us each";
        }

        /** The name of the busiest thread's figure that goes with the rate figure {@code rateFigure}. */
        static String busiestThreadFigure(String rateFigure) {
            return rateFigure + ": busiest thread % of a core";
        }

        /** Puts each figure that could be read under its name made from {@code rateFigure}. */
        void putInto(Map<String, Double> figures, String rateFigure) {
            putKnown(figures, machineFigure(rateFigure), machineMicrosEach);
            putKnown(figures, brokerFigure(rateFigure), brokerMicrosEach);
            putKnown(figures, busiestThreadFigure(rateFigure), busiestThreadPercent);
        }

        /**
         * The figures that could be read, for a progress line: {@code "6.20 machine CPU us each, 1.40
         * broker CPU us each; busiest thread executor-consumer at 96.9% of a core"}.
         */
        String describe() {
            StringBuilder line = new StringBuilder();
            if (!Double.isNaN(machineMicrosEach)) {
                line.append(Stats.format(machineMicrosEach)).append(" machine CPU us each");
            }
            if (!Double.isNaN(brokerMicrosEach)) {
                line.append(line.isEmpty() ? "" : ", ").append(Stats.format(brokerMicrosEach)).append(" broker CPU us each");
            }
            if (busiestThread != null) {
                line.append(line.isEmpty() ? "" : "; ").append("busiest thread ").append(busiestThread).append(" at ")
                        .append(Stats.format(busiestThreadPercent)).append("% of a core");
            }
            return line.toString();
        }

        private static void putKnown(Map<String, Double> figures, String figure, double value) {
            if (!Double.isNaN(value)) {
                figures.put(figure, value);
            }
        }
    }
}

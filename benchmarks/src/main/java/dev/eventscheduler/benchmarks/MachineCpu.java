package dev.eventscheduler.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole machine's CPU time, from Linux's {@code /proc/stat}: every process counts, the broker's
 * too. On this 2-core VM the rates move ~3× between stretches; a figure of CPU per record, read over
 * the same window as the rate, shows how much of the machine each record took in that stretch, and
 * whether the machine was saturated at all or the rate was held by waiting.
 */
final class MachineCpu {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private MachineCpu() {
    }

    /**
     * Ticks of CPU time since boot, summed over the machine's {@code cores}: {@code busy} in user
     * and system code (interrupts included), {@code total} with idle, I/O wait and steal added.
     */
    record Reading(long busy, long total, int cores) {

        /**
         * CPU microseconds the machine spent on each of {@code items} between {@code earlier} and this
         * reading, {@code wallSeconds} apart: the busy share of the ticks, times the cores, times the wall time.
         */
        double microsEach(Reading earlier, double wallSeconds, long items) {
            long ticks = total - earlier.total;
            return ticks <= 0 || items <= 0 ? Double.NaN
                    : (double) (busy - earlier.busy) / ticks * cores * wallSeconds * 1e6 / items;
        }
    }

    /** The reading now; empty where there is no {@code /proc/stat} (not Linux) or it cannot be read. */
    static Optional<Reading> read() {
        try {
            return Optional.of(parse(Files.readAllLines(PROC_STAT)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses {@code /proc/stat}: its first line {@code cpu user nice system idle iowait irq softirq
     * steal ...} sums every core, and each core has a {@code cpuN} line of its own. Guest time is
     * already inside user time, so it is not added again.
     */
    static Reading parse(List<String> procStat) {
        String[] ticks = procStat.get(0).trim().split("\\s+");
        if (!ticks[0].equals("cpu") || ticks.length < 9) {
            throw new IllegalArgumentException("not the summary line of /proc/stat: " + procStat.get(0));
        }
        long user = Long.parseLong(ticks[1]) + Long.parseLong(ticks[2]);
        long system = Long.parseLong(ticks[3]) + Long.parseLong(ticks[6]) + Long.parseLong(ticks[7]);
        long idle = Long.parseLong(ticks[4]) + Long.parseLong(ticks[5]);
        long steal = Long.parseLong(ticks[8]);
        int cores = (int) procStat.stream().filter(line -> line.matches("cpu\\d+\\s.*")).count();
        return new Reading(user + system, user + system + idle + steal, cores);
    }
}

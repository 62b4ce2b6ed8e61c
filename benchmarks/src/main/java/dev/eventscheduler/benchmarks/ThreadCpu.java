package dev.eventscheduler.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU time of each of this JVM's threads, from the JVM's per-thread clocks. The machine's CPU
 * per record says what a record cost, not what held the rate: a rate held by one thread shows as
 * that thread near 100% of a core while the machine still has idle time, which the machine's
 * figure alone cannot tell from waiting.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** One thread's name and CPU nanoseconds since it started, at one reading. */
    record Time(String name, long nanos) {
    }

    /** The thread that used the most CPU time between two readings, and how much of one core that was. */
    record Busiest(String name, double percentOfCore) {
    }

    /** Each live thread's CPU time, by thread id; empty where this JVM does not measure thread CPU time. */
    static Map<Long, Time> read() {
        Map<Long, Time> times = new HashMap<>();
        if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
            return times;
        }
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            // null: the thread ended since its id was listed; -1: it ended before its time was read
            long nanos = thread == null ? -1 : THREADS.getThreadCpuTime(thread.getThreadId());
            if (nanos >= 0) {
                times.put(thread.getThreadId(), new Time(thread.getThreadName(), nanos));
            }
        }
        return times;
    }

    /**
     * The busiest thread between {@code earlier} and {@code later}, {@code wallSeconds} apart. A thread
     * started in between counts from its start; one that ended in between is not in {@code later}, and
     * is left out: the benchmarks' measured threads live through their whole window.
     */
    static Optional<Busiest> busiest(Map<Long, Time> earlier, Map<Long, Time> later, double wallSeconds) {
        if (wallSeconds <= 0) {
            return Optional.empty();
        }
        Busiest busiest = null;
        long most = -1;
        for (Map.Entry<Long, Time> thread : later.entrySet()) {
            Time before = earlier.get(thread.getKey());
            long used = thread.getValue().nanos() - (before == null ? 0 : before.nanos());
            if (used > most) {
                most = used;
                busiest = new Busiest(thread.getValue().name(), used / (wallSeconds * 1e9) * 100);
            }
        }
        return Optional.ofNullable(busiest);
    }
}

package dev.eventscheduler.benchmarks;

import dev.eventscheduler.faults.ProcessCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heap and open files of the soak's long-lived services over time, read from their {@code /metrics}
 * every {@value #INTERVAL_SECONDS} s: the sum of {@code jvm_memory_used_bytes{area="heap"}} and
 * {@code process_files_open_files}. Every {@value #LIVE_EVERY}th reading first asks the JVM for a
 * full collection ({@code jcmd GC.run}) and reads {@code jvm_gc_live_data_size_bytes}: the heap that
 * survives, which a leak makes rise. The heap in use alone cannot tell: with the serial collector
 * a service under its maximum heap rarely collects the old generation, so garbage piles up there.
 */
final class SoakSamples implements AutoCloseable {

    static final int INTERVAL_SECONDS = 30;
    /** A forced full collection every this many readings: every 5 minutes. */
    static final int LIVE_EVERY = 10;
    /** The collector reports the live heap in a notification after the collection ends. */
    private static final long NOTIFICATION_MS = 1_000;

    /** One reading of one service; {@code liveMegabytes} is NaN unless a collection was forced for it. */
    record Sample(String service, long atMillis, double heapMegabytes, double openFiles, double liveMegabytes) {
    }

    private final List<ProcessCluster.Node> services;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "soak-samples");
        thread.setDaemon(true);
        return thread;
    });
    private long readings;

    SoakSamples(List<ProcessCluster.Node> services) {
        this.services = services;
    }

    SoakSamples start() {
        timer.scheduleAtFixedRate(this::sample, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    private void sample() {
        boolean collect = ++readings % LIVE_EVERY == 0;
        for (ProcessCluster.Node service : services) {
            if (collect) {
                service.diagnose("GC.run");
                ProcessCluster.sleep(NOTIFICATION_MS);
            }
            String metrics = service.text("/metrics");
            double heap = sum(metrics, "jvm_memory_used_bytes{area=\"heap\"");
            double live = collect ? sum(metrics, "jvm_gc_live_data_size_bytes") / (1 << 20) : Double.NaN;
            if (heap > 0) {
                add(new Sample(service.name(), System.currentTimeMillis(), heap / (1 << 20),
                        sum(metrics, "process_files_open_files"), live));
            }
        }
    }

    void add(Sample sample) {
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** The sum of every series of {@code metric} whose line starts so (its labels included up to where given). */
    static double sum(String metrics, String metric) {
        return metrics.lines().filter(line -> line.startsWith(metric))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private List<Sample> of(String service) {
        return samples().stream().filter(s -> s.service().equals(service)).toList();
    }

    /**
     * The rise of {@code service}'s live heap (MB) over the second half of the run: its last
     * reading after a forced collection against the first one at or past the half. The first half
     * is left out because the status tracker's run store fills up during it by design (100,000 runs
     * by default). NaN without two such readings.
     */
    double liveHeapGrowth(String service) {
        List<Sample> live = of(service).stream().filter(s -> !Double.isNaN(s.liveMegabytes())).toList();
        List<Sample> own = of(service);
        if (live.size() < 2) {
            return Double.NaN;
        }
        long half = own.get(0).atMillis() + (own.get(own.size() - 1).atMillis() - own.get(0).atMillis()) / 2;
        Sample last = live.get(live.size() - 1);
        return live.stream().filter(s -> s.atMillis() >= half && s != last).findFirst()
                .map(first -> last.liveMegabytes() - first.liveMegabytes()).orElse(Double.NaN);
    }

    /**
     * The rise of {@code service}'s most open files from the first fifth of the run (its first
     * sample, the warm-up, left out) to the last fifth; NaN without samples enough.
     */
    double openFilesGrowth(String service) {
        List<Sample> own = of(service);
        if (own.size() < 6) {
            return Double.NaN;
        }
        int fifth = Math.max(1, own.size() / 5);
        return mostFiles(own.subList(own.size() - fifth, own.size())).orElse(Double.NaN)
                - mostFiles(own.subList(1, 1 + fifth)).orElse(Double.NaN);
    }

    private static OptionalDouble mostFiles(List<Sample> window) {
        return window.stream().mapToDouble(Sample::openFiles).max();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

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
 * {@code process_files_open_files}. A leak shows as a floor that rises: the lowest heap of the
 * last fifth of the run against the lowest of the first fifth after warm-up (the lowest sample of a
 * window is the closest to what survives a collection).
 */
final class SoakSamples implements AutoCloseable {

    static final int INTERVAL_SECONDS = 30;

    /** One reading of one service. */
    record Sample(String service, long atMillis, double heapMegabytes, double openFiles) {
    }

    private final List<ProcessCluster.Node> services;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "soak-samples");
        thread.setDaemon(true);
        return thread;
    });

    SoakSamples(List<ProcessCluster.Node> services) {
        this.services = services;
    }

    SoakSamples start() {
        timer.scheduleAtFixedRate(this::sample, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    private void sample() {
        for (ProcessCluster.Node service : services) {
            String metrics = service.text("/metrics");
            double heap = sum(metrics, "jvm_memory_used_bytes{area=\"heap\"");
            double files = sum(metrics, "process_files_open_files");
            if (heap > 0) {
                add(new Sample(service.name(), System.currentTimeMillis(), heap / (1 << 20), files));
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

    /**
     * The rise of {@code service}'s lowest heap (MB) or most open files from the first fifth of the
     * run (its first sample, the warm-up, left out) to the last fifth; NaN without samples enough.
     */
    double growth(String service, boolean heap) {
        List<Sample> own = samples().stream().filter(s -> s.service().equals(service)).toList();
        if (own.size() < 6) {
            return Double.NaN;
        }
        int fifth = Math.max(1, own.size() / 5);
        List<Sample> first = own.subList(1, 1 + fifth);
        List<Sample> last = own.subList(own.size() - fifth, own.size());
        return heap ? lowestHeap(last).orElse(Double.NaN) - lowestHeap(first).orElse(Double.NaN)
                : mostFiles(last).orElse(Double.NaN) - mostFiles(first).orElse(Double.NaN);
    }

    private static OptionalDouble lowestHeap(List<Sample> window) {
        return window.stream().mapToDouble(Sample::heapMegabytes).min();
    }

    private static OptionalDouble mostFiles(List<Sample> window) {
        return window.stream().mapToDouble(Sample::openFiles).max();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

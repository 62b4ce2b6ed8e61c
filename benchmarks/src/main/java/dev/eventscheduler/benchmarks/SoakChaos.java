package dev.eventscheduler.benchmarks;

import dev.eventscheduler.faults.ProcessCluster;
import dev.eventscheduler.localkafka.LocalKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The soak's faults: on a thread of its own, after a random pause, {@code kill -9} one of a broker,
 * the second scheduler or the second executor (chosen at random, from a printed seed), then start
 * it again: a broker after its session has run out (the cluster moves its leaders meanwhile) and
 * once the cluster is fully replicated again, a service at once. The first scheduler and executor
 * are never killed, so their heap and open files can be watched over the whole run. No fault
 * begins in the run's last {@link #QUIET_AT_END} ({@link #QUICK_QUIET_AT_END} in a quick run).
 */
final class SoakChaos implements AutoCloseable {

    /** The end of a run is left alone this long, so what was in flight settles before the audit. */
    static final Duration QUIET_AT_END = Duration.ofMinutes(2);
    /** The same for a quick run of two minutes. */
    static final Duration QUICK_QUIET_AT_END = Duration.ofSeconds(30);
    /** Past the brokers' 9 s session: a killed broker is fenced and its partitions move before it returns. */
    private static final long BROKER_DOWN_MS = 10_000;

    private final LocalKafkaCluster kafka;
    private final ProcessCluster.Node scheduler;
    private final ProcessCluster.Node executor;
    private final Random random;
    private final Duration shortestPause;
    private final Duration longestPause;
    private final BiConsumer<String, String> progress;
    private final List<String> faults = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param pauses the shortest and longest pause before each fault
     * @param progress told {@code (scenario, message)} of each fault
     */
    SoakChaos(LocalKafkaCluster kafka, ProcessCluster.Node scheduler, ProcessCluster.Node executor, long seed,
              List<Duration> pauses, BiConsumer<String, String> progress) {
        this.kafka = kafka;
        this.scheduler = scheduler;
        this.executor = executor;
        this.random = new Random(seed);
        this.shortestPause = pauses.get(0);
        this.longestPause = pauses.get(1);
        this.progress = progress;
    }

    /** Starts faulting until {@code quiet} before {@code endMillis} (epoch milliseconds). */
    SoakChaos start(long endMillis, Duration quiet) {
        Thread runner = new Thread(() -> run(endMillis - quiet.toMillis()), "soak-chaos");
        runner.setDaemon(true);
        runner.start();
        return this;
    }

    private void run(long lastFaultMillis) {
        long began = System.currentTimeMillis();
        while (running) {
            long pause = shortestPause.toMillis() + (long) (random.nextDouble() * (longestPause.toMillis() - shortestPause.toMillis()));
            ProcessCluster.sleep(pause);
            if (!running || System.currentTimeMillis() > lastFaultMillis) {
                return;
            }
            long at = System.currentTimeMillis();
            String fault = fault();
            String line = String.format("%d:%02d %s, back after %d s", TimeUnit.MILLISECONDS.toMinutes(at - began),
                    TimeUnit.MILLISECONDS.toSeconds(at - began) % 60, fault, (System.currentTimeMillis() - at) / 1_000);
            synchronized (faults) {
                faults.add(line);
            }
            progress.accept("soak", "fault " + line);
        }
    }

    /** One fault, done: what it was. */
    private String fault() {
        switch (random.nextInt(3)) {
            case 0 -> {
                LocalKafkaCluster.Node broker = kafka.nodes().get(random.nextInt(kafka.nodes().size()));
                broker.kill();
                ProcessCluster.sleep(BROKER_DOWN_MS);
                broker.start();
                kafka.awaitFullyReplicated(Duration.ofMinutes(3));
                return "kill -9 broker " + broker.id();
            }
            case 1 -> {
                scheduler.kill();
                scheduler.start();
                return "kill -9 " + scheduler.name();
            }
            default -> {
                executor.kill();
                executor.start();
                return "kill -9 " + executor.name();
            }
        }
    }

    /** The faults done so far, each as {@code m:ss what, back after N s}. */
    List<String> faults() {
        synchronized (faults) {
            return List.copyOf(faults);
        }
    }

    @Override
    public void close() {
        running = false;
    }
}

package dev.eventscheduler.benchmarks;

import dev.eventscheduler.model.topics.TopicPlan;
import dev.eventscheduler.model.topics.TopicProvisioner;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.executor.ExecutorBuilder;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.scheduler.SchedulerService;
import dev.eventscheduler.scheduler.SchedulerServiceBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** What a scenario runs against: the broker, fresh topic names, the size of the run, progress output. */
final class BenchContext {

    /** The partition count every benchmark topic gets, as in LIMITS.md. */
    static final int PARTITIONS = 12;
    /** Schedules sent before their acknowledgements are awaited. */
    private static final int WRITE_BATCH = 10_000;
    /** The longest a throughput measurement may take before it fails, naming how far it got. */
    static final Duration MEASURE_TIMEOUT = Duration.ofMinutes(10);
    /** The longest a scheduler may take to load a scenario's schedules. */
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);

    private final String bootstrapServers;
    private final boolean quick;
    private final int minutes;
    private final Optional<ProcessHandle> broker;

    /** A context on a broker the benchmark did not start, whose CPU time it therefore cannot read. */
    BenchContext(String bootstrapServers, boolean quick) {
        this(bootstrapServers, quick, BenchmarkOptions.DEFAULT_SOAK_MINUTES, Optional.empty());
    }

    /**
     * A context on {@code bootstrapServers} (null when no scenario uses the shared broker), served by
     * {@code broker}'s process where the benchmark started it; a long-running scenario runs {@code minutes}.
     */
    BenchContext(String bootstrapServers, boolean quick, int minutes, Optional<ProcessHandle> broker) {
        this.bootstrapServers = bootstrapServers;
        this.quick = quick;
        this.minutes = minutes;
        this.broker = broker;
    }

    /** How long a long-running scenario (the soak) runs: {@code --minutes}. */
    int minutes() {
        return minutes;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    boolean quick() {
        return quick;
    }

    /** {@code full}, or {@code quick} in a quick run. */
    int size(int full, int quick) {
        return this.quick ? quick : full;
    }

    /** A window to time a rate in, with the broker's CPU among its figures where its process is known. */
    TimedWindow timedWindow() {
        return new TimedWindow(broker);
    }

    Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /**
     * The six topics of the system under a new prefix, provisioned and writable. Raw baselines use
     * its tasks topic too, so they write to the same kind of topic the product does.
     */
    Topics newSystemTopics() {
        Topics topics = new Topics("bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        TopicProvisioner.provision(clientConfig(), new TopicPlan(topics, PARTITIONS, PARTITIONS, Optional.empty()));
        return topics;
    }

    /**
     * A scheduler on {@code topics}, API off, in the schedulers' group of those topics. Schedulers and
     * executors are in different groups, as they are by default: in a shared one, a scheduler joining
     * also rebalances the executors, up to a heartbeat (3 s) later.
     */
    SchedulerServiceBuilder scheduler(Topics topics) {
        return SchedulerService.builder().bootstrapServers(bootstrapServers).topics(topics)
                .groupId("bench-schedulers-" + topics.prefix());
    }

    /** An executor on {@code topics}, in the executors' group of those topics. */
    ExecutorBuilder executor(Topics topics) {
        return Executor.builder().bootstrapServers(bootstrapServers).topics(topics).groupId("bench-executors-" + topics.prefix());
    }

    SchedulerClient client(Topics topics) {
        return SchedulerClient.builder().bootstrapServers(bootstrapServers).topics(topics).build();
    }

    /** Writes {@code count} schedules made by {@code definition}, in bulk batches. */
    void writeSchedules(Topics topics, int count, IntFunction<ScheduleDefinition> definition) {
        try (SchedulerClient client = client(topics)) {
            for (int from = 0; from < count; from += WRITE_BATCH) {
                client.upsertAll(IntStream.range(from, Math.min(count, from + WRITE_BATCH)).mapToObj(definition).toList());
            }
        }
    }

    /** Waits until {@code condition} holds, polling; fails naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until {@code scheduler} has loaded {@code count} schedules. */
    static void awaitLoaded(SchedulerService scheduler, int count) throws InterruptedException {
        await(count + " schedules loaded", LOAD_TIMEOUT, () -> scheduler.metrics().schedulesLoaded() >= count);
    }

    void progress(String scenario, String message) {
        System.out.printf("  [%s] %s%n", scenario, message);
    }
}

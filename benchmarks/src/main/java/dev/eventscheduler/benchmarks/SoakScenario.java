package dev.eventscheduler.benchmarks;

import dev.eventscheduler.faults.Auditor;
import dev.eventscheduler.faults.Load;
import dev.eventscheduler.faults.ProcessCluster;
import dev.eventscheduler.localkafka.Await;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * {@code soak} (run on its own, not by {@code all}): the product on a three-broker cluster
 * (replication factor 3) for {@code --minutes} (30 by default), two schedulers and two executors as
 * processes, 10,000 schedules each firing once a minute at its own second (about 167 fires a
 * second) and 20 one-off events a second, while {@link SoakChaos} kills a broker, a scheduler or an
 * executor with {@code kill -9} every one to three minutes and starts it again. At the end the
 * fault suite's auditor reads every task and result: scheduled times missed and fired twice,
 * events fired twice, lost (no final result) and started out of order per key; and the fire lag
 * (fired at against scheduled at) per minute, and the heap and open files of the scheduler and the
 * executor never killed over time ({@link SoakSamples}): the live heap over the second half and the
 * open files must stay flat. The scheduler's heap by class at half-time and at the end shows what
 * grew if it did not.
 */
final class SoakScenario implements Scenario {

    private static final int ONE_OFFS_PER_SECOND = 20;
    private static final int SLEEP_MS = 5;
    /** Replicas of every topic on the soak's cluster. */
    private static final int REPLICAS = 3;
    /** Classes shown of the scheduler's heap at half-time and at the end, the largest first. */
    private static final int TOP_CLASSES = 15;

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public String description() {
        return "three brokers, 2 schedulers, 2 executors, kill -9 at random for --minutes: missed, twice, lost, order, lag, heap";
    }

    @Override
    public boolean usesSharedBroker() {
        return false;
    }

    @Override
    public Map<String, Double> run(BenchContext context) throws Exception {
        int schedules = context.size(10_000, 1_000);
        long seed = System.nanoTime();
        Path work = Files.createTempDirectory("soak-");
        context.progress(name(), schedules + " schedules for " + context.minutes() + " min, chaos seed " + seed + ", logs in " + work);
        try (ProcessCluster harness = ProcessCluster.onKafkaCluster(work)) {
            List<ProcessCluster.Node> services = List.of(harness.scheduler("scheduler-1", Map.of()),
                    harness.scheduler("scheduler-2", Map.of()), harness.executor("executor-1", Map.of()),
                    harness.executor("executor-2", Map.of()));
            ProcessCluster.startAll(services.toArray(ProcessCluster.Node[]::new));
            Map<String, Trigger> triggers;
            Instant from;
            Instant to;
            List<String> faults;
            List<String> histograms = new ArrayList<>();
            SoakSamples samples = new SoakSamples(List.of(services.get(0), services.get(2))).start();
            try (Load load = new Load(harness.bootstrapServers())) {
                triggers = load.schedules(schedules, i -> Trigger.Cron.of((i % 60) + " * * * * ?"), SLEEP_MS);
                Await.until("every schedule loaded", Duration.ofMinutes(5),
                        () -> loaded(services.get(0)) + loaded(services.get(1)) == schedules);
                load.streamOneOffEvents(ONE_OFFS_PER_SECOND);
                from = Instant.now().plusSeconds(1);
                long end = System.currentTimeMillis() + Duration.ofMinutes(context.minutes()).toMillis();
                List<Duration> pauses = context.quick() ? List.of(Duration.ofSeconds(20), Duration.ofSeconds(40))
                        : List.of(Duration.ofMinutes(1), Duration.ofMinutes(3));
                try (SoakChaos chaos = new SoakChaos(harness.kafkaCluster(), services.get(1), services.get(3), seed, pauses,
                        context::progress).start(end, context.quick() ? SoakChaos.QUICK_QUIET_AT_END : SoakChaos.QUIET_AT_END)) {
                    long half = System.currentTimeMillis() + (end - System.currentTimeMillis()) / 2;
                    while (System.currentTimeMillis() < end) {
                        ProcessCluster.sleep(Math.min(60_000, Math.max(0, end - System.currentTimeMillis())));
                        context.progress(name(), "running, " + chaos.faults().size() + " faults so far");
                        if (histograms.isEmpty() && System.currentTimeMillis() >= half) {
                            histograms.add(topClasses(services.get(0)));
                        }
                    }
                    histograms.add(topClasses(services.get(0)));
                    faults = chaos.faults();
                }
                load.stopStream();
            } finally {
                samples.close();
            }
            to = Instant.now().minusSeconds(3);
            ProcessCluster.sleep(5_000);
            services.get(0).stop();
            services.get(1).stop();
            Auditor auditor = Auditor.readSettled(harness.bootstrapServers(), Topics.defaults());
            Map<Long, List<Long>> lags = lags(auditor, from, to);
            Map<String, Double> figures = figures(auditor, triggers, from, to, lags, samples, faults);
            figures.putAll(storage(harness.bootstrapServers(), auditor));
            printTimeline(lags, from, samples);
            faults.forEach(fault -> System.out.println("SOAK fault | " + fault));
            histograms.forEach(histogram -> System.out.println("SOAK scheduler-1 heap, after a full collection, by class:\n" + histogram));
            deleteQuietly(work);
            return figures;
        }
    }

    private static Map<String, Double> figures(Auditor auditor, Map<String, Trigger> triggers, Instant from, Instant to,
                                               Map<Long, List<Long>> lagsByMinute, SoakSamples samples, List<String> faults) {
        Auditor.ScheduleAudit times = auditor.schedules(triggers, from, to);
        Auditor.Report report = auditor.report(null);
        long[] lags = lagsByMinute.values().stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("scheduled times", (double) times.expected());
        figures.put("missed", (double) times.missing());
        figures.put("fired twice", (double) times.twice());
        figures.put("events", (double) report.events());
        figures.put("event ids fired twice", (double) report.duplicateFires());
        figures.put("lost", (double) report.missingFinalResults());
        figures.put("order violations", (double) report.orderViolations());
        figures.put("final results twice", (double) report.duplicateFinalResults());
        figures.put("fire lag p50 ms", Stats.percentile(lags, 50));
        figures.put("fire lag p99 ms", Stats.percentile(lags, 99));
        figures.put("faults", (double) faults.size());
        for (String service : List.of("scheduler-1", "executor-1")) {
            figures.put(service + " live heap rise, second half, MB", samples.liveHeapGrowth(service));
            figures.put(service + " open files rise", samples.openFilesGrowth(service));
        }
        return figures;
    }

    /**
     * What the broker keeps per record, from the size of each topic's partitions on disk (one
     * replica's, uncompressed, before any compaction): the broker cost per fire and per task that
     * docs/capacity-planning.md sizes storage with.
     */
    private static Map<String, Double> storage(String bootstrapServers, Auditor auditor) throws Exception {
        Topics topics = Topics.defaults();
        Map<String, Long> bytes = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
            admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values().forEach(dirs ->
                    dirs.values().forEach(dir -> dir.replicaInfos().forEach((partition, replica) ->
                            bytes.merge(partition.topic(), replica.size(), Long::sum))));
        }
        long fires = auditor.fired().stream().filter(f -> f.event().scheduleId() != null).count();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("tasks bytes per event", (double) bytes.getOrDefault(topics.tasks(), 0L) / REPLICAS / auditor.fired().size());
        figures.put("results bytes per result", (double) bytes.getOrDefault(topics.results(), 0L) / REPLICAS / auditor.results().size());
        figures.put("trigger-state bytes per fire", (double) bytes.getOrDefault(topics.triggerState(), 0L) / REPLICAS / fires);
        return figures;
    }

    /** Each fire's lag in milliseconds, by the minute of the run its scheduled time fell in. */
    private static Map<Long, List<Long>> lags(Auditor auditor, Instant from, Instant to) {
        Map<Long, List<Long>> byMinute = new TreeMap<>();
        for (Auditor.Fired fired : auditor.fired()) {
            TaskEvent event = fired.event();
            if (event.scheduleId() == null || event.firedAt() == null || event.scheduledAt().isBefore(from)
                    || !event.scheduledAt().isBefore(to)) {
                continue;
            }
            long minute = Duration.between(from, event.scheduledAt()).toMinutes();
            byMinute.computeIfAbsent(minute, m -> new ArrayList<>()).add(Duration.between(event.scheduledAt(), event.firedAt()).toMillis());
        }
        return byMinute;
    }

    /**
     * One {@code SOAK minute} line per minute: fires, lag p50 and p99, and the survivors' lowest heap
     * in use, open files and, in the minutes a collection was forced, the live heap.
     */
    private static void printTimeline(Map<Long, List<Long>> lagsByMinute, Instant from, SoakSamples samples) {
        System.out.println("SOAK minute | fires | lag p50 ms | lag p99 ms | scheduler-1 heap MB, files, live MB | executor-1 heap MB, files, live MB");
        lagsByMinute.forEach((minute, lags) -> {
            long[] values = lags.stream().mapToLong(Long::longValue).toArray();
            System.out.printf("SOAK minute | %d | %d | %.0f | %.0f | %s | %s%n", minute, values.length, Stats.percentile(values, 50),
                    Stats.percentile(values, 99), reading(samples, "scheduler-1", from, minute), reading(samples, "executor-1", from, minute));
        });
    }

    private static String reading(SoakSamples samples, String service, Instant from, long minute) {
        long start = from.toEpochMilli() + minute * 60_000;
        List<SoakSamples.Sample> inMinute = samples.samples().stream()
                .filter(s -> s.service().equals(service) && s.atMillis() >= start && s.atMillis() < start + 60_000).toList();
        String live = inMinute.stream().filter(s -> !Double.isNaN(s.liveMegabytes())).findFirst()
                .map(s -> String.format(", %.0f", s.liveMegabytes())).orElse("");
        return inMinute.stream().min(Comparator.comparingDouble(SoakSamples.Sample::heapMegabytes))
                .map(s -> String.format("%.0f, %.0f", s.heapMegabytes(), s.openFiles()) + live).orElse("-");
    }

    /** The top of {@code jcmd GC.class_histogram} (which collects first): what the heap holds, by class. */
    private static String topClasses(ProcessCluster.Node service) {
        return service.diagnose("GC.class_histogram").lines().limit(TOP_CLASSES + 3).collect(Collectors.joining("\n"));
    }

    private static int loaded(ProcessCluster.Node scheduler) {
        return scheduler.json("/health").path("schedulesLoaded").asInt(0);
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }
}

package dev.eventscheduler.benchmarks;

import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.SchedulerService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * {@code fire-steady}: schedules each firing every second, spread over the second, on one
 * scheduler in this JVM. Fire lag is the moment a fire is visible to a {@code read_committed}
 * consumer minus its scheduled time; duplicates and missing fires must be 0.
 */
final class FireSteadyScenario implements Scenario {

    @Override
    public String name() {
        return "fire-steady";
    }

    @Override
    public String description() {
        return "schedules firing every second, spread over the second: visible fire lag";
    }

    @Override
    public Map<String, Double> run(BenchContext context) throws Exception {
        int schedules = context.size(10_000, 500);
        int seconds = context.size(30, 5);
        Topics topics = context.newSystemTopics();
        long base = (System.currentTimeMillis() / 1_000 + 1) * 1_000;
        try (SchedulerClient client = SchedulerClient.builder().bootstrapServers(context.bootstrapServers()).topics(topics).build()) {
            for (int i = 0; i < schedules; i++) {
                client.upsert(ScheduleDefinition.of("steady-" + i, "noop",
                        new Trigger.Interval(1_000, Instant.ofEpochMilli(base + (long) i * 1_000 / schedules), null)));
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        long[] lags = new long[schedules * (seconds + 5)];
        int count = 0;
        try (SchedulerService scheduler = SchedulerService.builder().bootstrapServers(context.bootstrapServers())
                .topics(topics).groupId("bench-" + topics.prefix()).build().start();
             KafkaConsumer<byte[], byte[]> tasks = RawKafka.consumer(context)) {
            tasks.assign(RawKafka.partitions(tasks, topics.tasks()));
            tasks.seekToEnd(tasks.assignment());
            TaskEventDeserializer deserializer = new TaskEventDeserializer();
            // measure once every schedule is loaded and firing: a whole second after the load
            awaitLoaded(scheduler, schedules);
            long from = System.currentTimeMillis() + 1_000;
            long to = from + seconds * 1_000L;
            context.progress(name(), schedules + " schedules loaded; measuring " + seconds + " s");
            while (System.currentTimeMillis() < to + 1_500) {
                for (ConsumerRecord<byte[], byte[]> record : tasks.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    TaskEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    long scheduled = event.scheduledAt().toEpochMilli();
                    if (scheduled >= from && scheduled < to) {
                        seen.merge(event.eventId(), 1, Integer::sum);
                        if (count < lags.length) {
                            lags[count++] = now - scheduled;
                        }
                    }
                }
            }
            long expected = (long) schedules * seconds;
            long[] measured = java.util.Arrays.copyOf(lags, count);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("lag p50 ms", Stats.percentile(measured, 50));
            figures.put("lag p99 ms", Stats.percentile(measured, 99));
            figures.put("lag p99.9 ms", Stats.percentile(measured, 99.9));
            figures.put("lag max ms", Stats.percentile(measured, 100));
            figures.put("duplicates", (double) seen.values().stream().filter(n -> n > 1).count());
            figures.put("missing", (double) Math.max(0, expected - seen.size()));
            return figures;
        }
    }

    private static void awaitLoaded(SchedulerService scheduler, int schedules) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (scheduler.metrics().schedulesLoaded() < schedules && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}

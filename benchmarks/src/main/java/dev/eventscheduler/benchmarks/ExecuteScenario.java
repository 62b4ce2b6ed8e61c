package dev.eventscheduler.benchmarks;

import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code execute}: {@code noop} events pre-loaded on 12 partitions, drained by one executor in this
 * JVM; tasks per second from the first result to the moment every final result is visible on the
 * results topic (joining the group is start-up, not throughput).
 * Compared with {@code raw-pipeline}, the least work an executor can do.
 */
final class ExecuteScenario implements Scenario {

    @Override
    public String name() {
        return "execute";
    }

    @Override
    public String description() {
        return "noop events drained by one executor (STARTED results on and off)";
    }

    @Override
    public Map<String, Double> run(BenchContext context) throws Exception {
        int count = context.size(1_000_000, 20_000);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("tasks/s", drain(context, count, true));
        if (!context.quick()) {
            figures.put("tasks/s STARTED off", drain(context, count, false));
        }
        return figures;
    }

    /**
     * Each noop task ends with exactly one result (two with STARTED), so the results topic's end
     * offsets say when all are visible, without the benchmark's own reading becoming the bottleneck.
     */
    private static double drain(BenchContext context, int count, boolean publishStarted) throws InterruptedException {
        Topics topics = context.newSystemTopics();
        preload(context, topics, count);
        long expected = (long) count * (publishStarted ? 2 : 1);
        long started = 0;
        long visible = 0;
        try (Executor executor = Executor.builder().bootstrapServers(context.bootstrapServers()).topics(topics)
                .groupId("bench-" + topics.prefix()).publishStarted(publishStarted).maxInFlight(5_000).build().start();
             KafkaConsumer<byte[], byte[]> results = RawKafka.consumer(context)) {
            List<TopicPartition> partitions = RawKafka.partitions(results, topics.results());
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (visible < expected && System.nanoTime() < deadline) {
                visible = results.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                if (started == 0 && visible > 0) {
                    started = System.nanoTime();
                }
                Thread.sleep(5);
            }
        }
        if (visible < expected) {
            throw new IllegalStateException("only " + visible + " of " + expected + " results appeared");
        }
        return count / RawKafka.seconds(started);
    }

    private static void preload(BenchContext context, Topics topics, int count) {
        TaskEventSerializer serializer = new TaskEventSerializer();
        try (KafkaProducer<byte[], byte[]> producer = RawKafka.producer(context, null)) {
            for (int i = 0; i < count; i++) {
                String key = "key-" + (i % 10_000);
                RecordHeaders headers = new RecordHeaders();
                byte[] value = serializer.serialize(topics.tasks(), headers,
                        new TaskEvent("e-" + i, null, key, "noop", null, null, null, 1, null, null, null));
                producer.send(new ProducerRecord<>(topics.tasks(), null, key.getBytes(), value, headers));
            }
            producer.flush();
        }
    }
}

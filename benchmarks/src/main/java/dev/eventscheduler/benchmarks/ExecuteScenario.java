package dev.eventscheduler.benchmarks;

import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code execute}: {@code noop} events pre-loaded on 12 partitions, drained by one executor in this
 * JVM; tasks per second from its start until every final result is visible on the results topic.
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

    private static double drain(BenchContext context, int count, boolean publishStarted) {
        Topics topics = context.newSystemTopics();
        preload(context, topics, count);
        long started = System.nanoTime();
        try (Executor executor = Executor.builder().bootstrapServers(context.bootstrapServers()).topics(topics)
                .groupId("bench-" + topics.prefix()).publishStarted(publishStarted).maxInFlight(5_000).build().start();
             KafkaConsumer<byte[], byte[]> results = RawKafka.consumer(context)) {
            results.assign(RawKafka.partitions(results, topics.results()));
            results.seekToBeginning(results.assignment());
            TaskResultDeserializer deserializer = new TaskResultDeserializer();
            long ended = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (ended < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : results.poll(Duration.ofMillis(100))) {
                    TaskResult result = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    if (result.status().endsRun()) {
                        ended++;
                    }
                }
            }
            if (ended < count) {
                throw new IllegalStateException("only " + ended + " of " + count + " tasks ended");
            }
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

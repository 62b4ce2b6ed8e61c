package dev.eventscheduler.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.kafka.TaskResultSerializer;
import dev.eventscheduler.model.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code execute}: events on 12 partitions drained by executors in this JVM; tasks per second from
 * the first result to the moment every final result is visible on the results topic (joining the
 * group is start-up, and stopping the executors comes after the end: neither is throughput). For one
 * executor the events are pre-loaded before it starts. Two executors join and settle first, and the
 * events are then written in one transaction, so the whole backlog appears at once to executors that
 * already hold their partitions: otherwise the second joins while the first drains, and the figure
 * measures the rebalance. {@code noop} with one and two executors and with {@code STARTED} results on
 * and off is compared with {@code raw-pipeline}, the least work an executor can do, run again in each
 * run right before the drains. Right after it, {@code kafka-only} shows what Kafka alone reaches
 * writing the records a no-op task owes, on the same scale; {@code sleep} handlers of 50 ms over
 * 10,000 keys at concurrency 256 are compared with the ideal, concurrency / 50 ms. Each rate comes
 * with where the CPU went over the same window ({@link TimedWindow}): the machine's and the broker's
 * per record or task, which with the rate say how busy the machine was, and the share of a core its
 * busiest thread used, which says whether one thread held the rate.
 */
final class ExecuteScenario implements Scenario {

    /** {@code raw-pipeline}'s rate, measured in each run right before the drains it is the baseline of. */
    static final String ADJACENT_BASELINE = "raw-pipeline records/s";
    /** The events a drain reads, answered by Kafka alone with a no-op task's results; see {@link #kafkaOnlyRate}. */
    static final String KAFKA_ONLY = "kafka-only tasks/s";
    /** Suffix of the figures measured without {@code STARTED} results. */
    static final String STARTED_OFF = " STARTED off";
    static final int SLEEP_MS = 50;
    static final int SLEEP_CONCURRENCY = 256;
    private static final int KEYS = 10_000;
    /** How often the results topic's end offsets are looked at while a drain runs. */
    private static final int POLL_MS = 20;

    @Override
    public String name() {
        return "execute";
    }

    @Override
    public String description() {
        return "a raw-pipeline run, Kafka alone writing a no-op task's results, then events drained by executors: "
                + "noop (1 and 2 executors, STARTED on and off), sleep 50 ms at concurrency 256";
    }

    @Override
    public Map<String, Double> run(BenchContext context) throws Exception {
        int count = context.size(1_000_000, 10_000);
        Map<String, Double> figures = new LinkedHashMap<>();
        // the baseline again, minutes closer than the raw-pipeline scenario: this VM's speed drifts
        measured(context, figures, ADJACENT_BASELINE, RawKafka.pipelineRate(context));
        measured(context, figures, KAFKA_ONLY, kafkaOnlyRate(context, count, true));
        if (!context.quick()) {
            measured(context, figures, KAFKA_ONLY + STARTED_OFF, kafkaOnlyRate(context, count, false));
        }
        measured(context, figures, "tasks/s", drain(context, count, "noop", null, 1, true, Executor.DEFAULT_CONCURRENCY));
        if (!context.quick()) {
            measured(context, figures, "tasks/s" + STARTED_OFF,
                    drain(context, count, "noop", null, 1, false, Executor.DEFAULT_CONCURRENCY));
            measured(context, figures, "tasks/s 2 executors",
                    drain(context, count, "noop", null, 2, true, Executor.DEFAULT_CONCURRENCY));
        }
        JsonNode sleep = EventJson.mapper().createObjectNode().put("durationMs", SLEEP_MS);
        measured(context, figures, "sleep tasks/s",
                drain(context, context.size(50_000, 2_500), "sleep", sleep, 1, true, SLEEP_CONCURRENCY));
        figures.put("sleep ideal tasks/s", SLEEP_CONCURRENCY * 1_000.0 / SLEEP_MS);
        return figures;
    }

    /** Keeps a rate and its CPU figure, and says so at once: a run takes minutes, in up to seven parts. */
    private void measured(BenchContext context, Map<String, Double> figures, String figure, TimedWindow.Rate rate) {
        rate.putInto(figures, figure);
        String cpu = rate.cpu().describe();
        context.progress(name(), figure + " " + Stats.format(rate.perSecond()) + (cpu.isEmpty() ? "" : " (" + cpu + ")"));
    }

    /**
     * {@code kafka-only}: a consume-and-reply loop reads the events a drain reads and writes, for each,
     * the records a no-op task owes: its {@code STARTED} and {@code SUCCEEDED} results, or only the
     * latter, under the event's key, with our headers, encoded once beforehand at the size of the
     * drains' longest. It decodes, orders, runs and tracks nothing, and only counts the broker's
     * answers, so its rate is what those records cost Kafka's clients and this broker on their own: an
     * executor that writes them has that cost and its own work on top.
     */
    private static TimedWindow.Rate kafkaOnlyRate(BenchContext context, int count, boolean publishStarted) {
        Topics topics = context.newSystemTopics();
        preload(context, topics, count, "noop", null, false);
        Instant now = Instant.now();
        ProducerRecord<String, byte[]> started = noopResult(topics, TaskStatus.STARTED, now, null);
        ProducerRecord<String, byte[]> succeeded = noopResult(topics, TaskStatus.SUCCEEDED, now, now);
        return RawKafka.replyRate(context, topics.tasks(), count, BenchContext.MEASURE_TIMEOUT, (event, send) -> {
            if (publishStarted) {
                send.accept(new ProducerRecord<>(topics.results(), null, event.key(), started.value(), started.headers()));
            }
            send.accept(new ProducerRecord<>(topics.results(), null, event.key(), succeeded.value(), succeeded.headers()));
        });
    }

    /** A no-op task's result for the drains' last event, with an id shaped as an executor's default one in this JVM. */
    private static ProducerRecord<String, byte[]> noopResult(Topics topics, TaskStatus status, Instant startedAt,
                                                             Instant finishedAt) {
        String key = "key-" + (KEYS - 1);
        TaskResult result = new TaskResult("e-999999", null, key, "noop", 1, status, null, null, null, startedAt,
                finishedAt, "executor-" + System.getenv().getOrDefault("HOSTNAME", "local") + "-"
                        + ProcessHandle.current().pid() + "-1");
        return new TaskResultSerializer().record(topics.results(), null, key, result);
    }

    /**
     * Each task ends with exactly one result (two with STARTED), so the results topic's end offsets
     * say when all are visible, without the benchmark's own reading becoming the bottleneck.
     */
    static TimedWindow.Rate drain(BenchContext context, int count, String taskType, JsonNode payload, int executors,
                        boolean publishStarted, int concurrency) throws InterruptedException {
        Topics topics = context.newSystemTopics();
        // one executor reads a pre-loaded backlog, as every figure before measured; several would rebalance mid-drain
        boolean settleFirst = executors > 1;
        if (!settleFirst) {
            preload(context, topics, count, taskType, payload, false);
        }
        long expected = (long) count * (publishStarted ? 2 : 1);
        TimedWindow window = context.timedWindow();
        long visible = 0;
        List<Executor> running = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> results = RawKafka.consumer(context)) {
            for (int i = 0; i < executors; i++) {
                running.add(context.executor(topics).publishStarted(publishStarted).concurrency(concurrency)
                        .maxInFlight(5_000).build().start());
            }
            if (settleFirst) {
                // a second executor joining while the first drains costs two heartbeats of rebalancing (~6 s) mid-drain
                int taskAndRetryPartitions = 2 * BenchContext.PARTITIONS;
                BenchContext.await(executors + " executors holding every partition", Duration.ofMinutes(1),
                        () -> running.stream().allMatch(e -> e.assignedPartitions() > 0)
                                && running.stream().mapToInt(Executor::assignedPartitions).sum() == taskAndRetryPartitions);
                preload(context, topics, count, taskType, payload, true);
            }
            List<TopicPartition> partitions = RawKafka.partitions(results, topics.results());
            long deadline = System.nanoTime() + BenchContext.MEASURE_TIMEOUT.toNanos();
            while (visible < expected && System.nanoTime() < deadline) {
                visible = results.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                if (visible > 0) {
                    window.start();
                }
                if (visible < expected) {
                    // each look costs a request to the broker: often enough to time a 10 s drain within 0.2%
                    Thread.sleep(POLL_MS);
                }
            }
            if (visible < expected) {
                throw new IllegalStateException("only " + visible + " of " + expected + " results appeared");
            }
            // taken here, before the executors stop in finally: stopping them is not part of the drain
            return window.end(count);
        } finally {
            running.forEach(Executor::close);
        }
    }

    /**
     * Writes the events; {@code atOnce} writes them in one transaction, so that they appear at once to
     * the executors' {@code read_committed} consumers.
     */
    private static void preload(BenchContext context, Topics topics, int count, String taskType, JsonNode payload,
                                boolean atOnce) {
        TaskEventSerializer serializer = new TaskEventSerializer();
        String transactionalId = atOnce ? "bench-preload-" + topics.prefix() : null;
        // a refused event would leave kafka-only reading for a record that never comes, and a drain waiting ten minutes
        RawKafka.Acknowledgements acknowledgements = new RawKafka.Acknowledgements();
        try (KafkaProducer<byte[], byte[]> producer = RawKafka.producer(context, transactionalId)) {
            if (atOnce) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            for (int i = 0; i < count; i++) {
                String key = "key-" + (i % KEYS);
                RecordHeaders headers = new RecordHeaders();
                byte[] value = serializer.serialize(topics.tasks(), headers,
                        TaskEvent.oneOff(taskType).eventId("e-" + i).taskKey(key).payload(payload).build());
                producer.send(new ProducerRecord<>(topics.tasks(), null, key.getBytes(), value, headers), acknowledgements);
            }
            if (atOnce) {
                producer.commitTransaction();
            } else {
                producer.flush();
            }
        }
        acknowledgements.check();
    }
}

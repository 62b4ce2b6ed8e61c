package dev.eventscheduler.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw-Kafka baselines every figure is compared with, measured on the same broker in the same
 * run: what a plain producer, a transactional producer and a consume-and-reply loop achieve with
 * 200-byte records on 12 partitions.
 */
final class RawKafka {

    static final int RECORD_BYTES = 200;

    private RawKafka() {
    }

    /** {@code raw-produce}: an idempotent producer, acks=all, linger 5 ms, 64 KiB batches. */
    static Scenario produce() {
        return scenario("raw-produce", "plain idempotent producer, acks=all, 200-byte records", context -> {
            String topic = context.newSystemTopics().tasks();
            int count = context.size(1_000_000, 50_000);
            return Map.of("records/s", produce(context, topic, count, false));
        });
    }

    /** {@code raw-txn-produce}: the same, committing a transaction every 10 ms. */
    static Scenario transactionalProduce() {
        return scenario("raw-txn-produce", "transactional producer committing every 10 ms", context -> {
            String topic = context.newSystemTopics().tasks();
            int count = context.size(1_000_000, 50_000);
            return Map.of("records/s", produce(context, topic, count, true));
        });
    }

    /** {@code raw-pipeline}: read each record ({@code read_committed}) and produce one in reply: the least an executor does. */
    static Scenario pipeline() {
        return scenario("raw-pipeline", "consume each record and produce one reply", context -> {
            Map<String, Double> figures = new LinkedHashMap<>();
            pipelineRate(context).putInto(figures, "records/s");
            return figures;
        });
    }

    /**
     * One {@code raw-pipeline} run's records/s, and the machine's CPU per record; also run by
     * {@code execute} right before its drains.
     * In a full run as many records as {@code execute} drains, so that neither rate is the shorter
     * window's; a quick run takes fewer of both.
     */
    static TimedWindow.Rate pipelineRate(BenchContext context) {
        var topics = context.newSystemTopics();
        int count = context.size(1_000_000, 50_000);
        produce(context, topics.tasks(), count, false);
        return replyRate(context, topics.tasks(), count, BenchContext.MEASURE_TIMEOUT,
                (record, send) -> send.accept(new ProducerRecord<>(topics.results(), record.key(), record.value())));
    }

    /**
     * A consume-and-reply loop: reads {@code count} records of {@code topic} ({@code read_committed})
     * and has {@code reply} send what each calls for, through an idempotent producer set as
     * {@code raw-produce}'s. Returns the records read per second, once every reply is acknowledged;
     * throws if any was refused, or if the records are not all read and answered {@code within}.
     */
    static TimedWindow.Rate replyRate(BenchContext context, String topic, int count, Duration within,
                                      BiConsumer<ConsumerRecord<byte[], byte[]>, Consumer<ProducerRecord<byte[], byte[]>>> reply) {
        Acknowledgements acknowledgements = new Acknowledgements();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(context);
             KafkaProducer<byte[], byte[]> producer = producer(context, null)) {
            Consumer<ProducerRecord<byte[], byte[]>> send = record -> producer.send(record, acknowledgements);
            consumer.assign(partitions(consumer, topic));
            consumer.seekToBeginning(consumer.assignment());
            // timed from the first record read, as execute is from its first result: connecting is start-up
            TimedWindow window = context.timedWindow();
            long deadline = System.nanoTime() + within.toNanos();
            long read = 0;
            while (read < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read only " + read + " of " + count + " records of " + topic
                            + " within " + within);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    window.start();
                    reply.accept(record, send);
                    read++;
                }
            }
            // an executor's record is done only when its result is acknowledged; so is a baseline's
            producer.flush();
            TimedWindow.Rate rate = window.end(count);
            acknowledgements.check();
            return rate;
        }
    }

    static double produce(BenchContext context, String topic, int count, boolean transactional) {
        byte[] value = new byte[RECORD_BYTES];
        Acknowledgements acknowledgements = new Acknowledgements();
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(context, transactional ? "bench-" + topic : null)) {
            if (transactional) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            long lastCommit = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i % 10_000).getBytes(), value), acknowledgements);
                if (transactional && System.nanoTime() - lastCommit > 10_000_000L) {
                    producer.commitTransaction();
                    producer.beginTransaction();
                    lastCommit = System.nanoTime();
                }
            }
            if (transactional) {
                producer.commitTransaction();
            } else {
                producer.flush();
            }
        }
        double rate = count / seconds(started);
        acknowledgements.check();
        return rate;
    }

    /**
     * The broker's answers to a run's sends, one instance for all of them, so counting allocates
     * nothing per record. A baseline whose records were refused would measure less work than it
     * claims, and flatter every figure compared with it.
     */
    static final class Acknowledgements implements Callback {
        private final AtomicLong refused = new AtomicLong();
        private volatile Exception first;

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null && refused.getAndIncrement() == 0) {
                first = error;
            }
        }

        /** Throws, with the first refusal as its cause, if any send was refused; call once every send is answered. */
        void check() {
            if (refused.get() > 0) {
                throw new IllegalStateException(refused.get() + " records were not acknowledged, the first: " + first, first);
            }
        }
    }

    static KafkaProducer<byte[], byte[]> producer(BenchContext context, String transactionalId) {
        Map<String, Object> config = new HashMap<>(context.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(BenchContext context) {
        Map<String, Object> config = new HashMap<>(context.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** A scenario from a name, a description and its body. */
    static Scenario scenario(String name, String description, Body body) {
        return new Scenario() {
            public String name() {
                return name;
            }

            public String description() {
                return description;
            }

            public Map<String, Double> run(BenchContext context) throws Exception {
                return new LinkedHashMap<>(body.run(context));
            }
        };
    }

    /** The measuring part of a scenario. */
    interface Body {
        Map<String, Double> run(BenchContext context) throws Exception;
    }
}

package dev.eventscheduler.executor.internal;

import dev.eventscheduler.executor.ExecutorSettings;
import dev.eventscheduler.model.config.GroupProtocol;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.lifecycle.LoopThread;
import dev.eventscheduler.model.lifecycle.Resources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the executor's parts together and runs them: the consumer thread ({@code executor-consumer}),
 * the key-ordered workers, the handler threads, the producer and the publisher of attempts' logs. Stops in order: stop polling, let running tasks
 * finish within the shutdown timeout, commit, leave the group, close the producer.
 */
public final class ExecutorRuntime implements AutoCloseable {

    /** How long the producer may take to send what it holds when the executor closes. */
    static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How long the workers get to finish after the consumer loop stopped, before they are interrupted. */
    static final Duration WORKERS_STOP_TIMEOUT = Duration.ofSeconds(1);
    /** How long a fetch may wait for data; see {@link #consumerConfig}. */
    static final int FETCH_MAX_WAIT_MS = 50;

    private static final Logger log = LoggerFactory.getLogger(ExecutorRuntime.class);

    private final ExecutorSettings settings;
    private final Lifecycle lifecycle = new Lifecycle("executor runtime");
    private final Resources parts;
    private final ExecutorMetrics metrics;
    private final ConsumerLoop loop;
    private final LoopThread loopThread;
    private final LoopThread controlThread;
    /** Publishes the new lines of running attempts' logs, every {@link RunLogs#FLUSH_INTERVAL}. */
    private final ScheduledExecutorService logFlusher;
    private final Runnable flushRunLogs;

    /** Opens every part; if one fails, closes those opened before it and rethrows. */
    public ExecutorRuntime(ExecutorSettings settings, HandlerRegistry handlers, MeterRegistry registry) {
        this.settings = settings;
        this.parts = new Resources("executor " + settings.executorId());
        this.metrics = new ExecutorMetrics(registry, handlers.types());
        try {
            Map<String, Object> producerConfig = producerConfig(settings);
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new ByteArraySerializer());
            Publisher publisher = new Publisher(producer, settings.topics(), maxRequestBytes(producerConfig));
            parts.add("producer", () -> publisher.close(CLIENT_CLOSE_TIMEOUT));
            parts.add("producer metrics", new KafkaClientMetrics(producer)).bindTo(registry);
            RunLogs runLogs = new RunLogs(publisher, metrics, settings.executorId(), settings.clock());
            this.logFlusher = Executors.newSingleThreadScheduledExecutor(KeyOrderedDispatcher.namedThreads("executor-run-logs"));
            parts.add("run log flusher", logFlusher::shutdownNow);
            this.flushRunLogs = runLogs::flush;
            // the loop's thread closes the consumer, once it has committed
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(settings), new StringDeserializer(),
                    new ByteArrayDeserializer());
            parts.add("consumer metrics", new KafkaClientMetrics(consumer)).bindTo(registry);
            ExecutorService handlerThreads = Executors.newCachedThreadPool(KeyOrderedDispatcher.namedThreads("executor-handler"));
            parts.add("handler threads", handlerThreads::shutdownNow);
            Cancellations cancellations = new Cancellations();
            ControlReader control = new ControlReader(new KafkaConsumer<>(controlConsumerConfig(settings),
                    new StringDeserializer(), new ByteArrayDeserializer()), settings.topics().control(), cancellations, metrics);
            this.controlThread = parts.add("control reader", new LoopThread("executor-control", control, control::stop,
                    Duration.ofSeconds(10)));
            KeyOrderedDispatcher dispatcher = new KeyOrderedDispatcher(settings.concurrency(), "executor");
            parts.add("workers", () -> dispatcher.shutdown(WORKERS_STOP_TIMEOUT));
            ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
            TaskRunner runner = new TaskRunner(settings, handlers, publisher, metrics, new HandlerCalls(handlerThreads),
                    cancellations, runLogs, completions::add);
            this.loop = new ConsumerLoop(consumer, settings, dispatcher, metrics, runner, cancellations, completions);
            // running tasks get the shutdown timeout, then the consumer closes (leaving the group)
            Duration stopTimeout = settings.shutdownTimeout().plus(ConsumerLoop.CLOSE_TIMEOUT).plusSeconds(5);
            this.loopThread = parts.add("consumer loop", new LoopThread("executor-consumer", loop, loop::stop, stopTimeout));
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    public void start() {
        lifecycle.running();
        if (!HandlerLogCapture.install()) {
            log.info("SLF4J is not bound to Logback here: a run's log holds only what its handler writes through TaskContext.log()");
        }
        long every = RunLogs.FLUSH_INTERVAL.toMillis();
        logFlusher.scheduleWithFixedDelay(flushRunLogs, every, every, TimeUnit.MILLISECONDS);
        controlThread.start();
        loopThread.start();
    }

    /** Whether the consumer thread is up and polling. */
    public boolean isRunning() {
        return lifecycle.isRunning() && loopThread.isAlive() && loop.isRunning();
    }

    public Lifecycle.State state() {
        return lifecycle.state();
    }

    public int assignedPartitions() {
        return metrics.assignedPartitions.get();
    }

    /** Whether the group has assigned this member its partitions at least once (maybe none). */
    public boolean joinedGroup() {
        return loop.joined();
    }

    public int inFlight() {
        return metrics.inFlight.get();
    }

    public int pausedPartitions() {
        return metrics.pausedPartitions.get();
    }

    /** Records read and waiting to start: beyond the in-flight limit, behind their key, or a retry not yet due. */
    public int queued() {
        return metrics.queued.get();
    }

    /**
     * Stops cleanly: running tasks finish within the shutdown timeout, their results are published
     * and committed, the group is left; then the workers, handler threads and producer close.
     */
    @Override
    public void close() {
        long started = System.nanoTime();
        if (lifecycle.close(parts)) {
            log.info("Executor {} stopped in {} ms", settings.executorId(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /**
     * How long the group waits for a silent executor before moving its partitions (classic protocol;
     * {@code KAFKA_SESSION_TIMEOUT_MS} overrides it). Kafka's 45 s default held a crashed
     * executor's partitions, and so its keys' tasks, for most of a minute after a {@code kill -9}.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    static Map<String, Object> consumerConfig(ExecutorSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.executorId() + "-consumer");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group starts at the oldest task, so tasks published before the first executor are run
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a read_committed fetch is not answered when a transaction commits, only when data arrives
        // or fetch.max.wait.ms passes: the default 500 ms would add up to half a second to a fire
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        // adding or removing an executor moves only the partitions that change hands
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // under group.protocol=consumer the broker assigns, incrementally too. Its default (uniform)
        // balances the count over both topics, and gave one of two executors every task partition and the
        // other only retries; range shares each topic's partitions out, the same numbers to the same member
        config.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range");
        // a crashed member's partitions move within this (Kafka's own default is 45 s), as the scheduler's do
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis() / 3);
        if (settings.staticMembership()) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.executorId());
        }
        return GroupProtocol.withUserSettings(config, settings.kafkaProperties());
    }

    /** The control reader's consumer: group-less, so every executor reads every request. */
    static Map<String, Object> controlConsumerConfig(ExecutorSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.executorId() + "-control");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        Map<String, Object> user = new HashMap<>(settings.kafkaProperties());
        // the group's own settings would make this consumer join the executors' group
        user.keySet().removeIf(key -> key.startsWith("group.") || key.startsWith("session.") || key.startsWith("heartbeat."));
        config.putAll(user);
        return config;
    }

    /** The producer's {@code max.request.size}, as set or by Kafka's own default. */
    private static int maxRequestBytes(Map<String, Object> producerConfig) {
        Object value = producerConfig.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        return (Integer) ConfigDef.parseType(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, value, ConfigDef.Type.INT);
    }

    static Map<String, Object> producerConfig(ExecutorSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.executorId() + "-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // results come a few hundred bytes each, one or two per task: the default 16 KiB batches fill
        // before the linger ends under load, and every extra produce request costs the broker
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.putAll(settings.kafkaProperties());
        return config;
    }
}

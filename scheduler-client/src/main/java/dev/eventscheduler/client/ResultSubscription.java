package dev.eventscheduler.client;

import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.validation.TaskResultValidator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running subscription to the results topic (see {@link SchedulerClient#subscribe}): one thread,
 * {@code results-<group>}, that owns its consumer. A record that cannot be read, or a callback that
 * throws, is logged and passed over, so one bad result never stops the stream.
 */
public final class ResultSubscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResultSubscription.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<TaskResult> onResult;
    private final TaskResultDeserializer deserializer = new TaskResultDeserializer();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    ResultSubscription(Map<String, Object> clientConfig, String topic, String groupId, Consumer<TaskResult> onResult) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.onResult = onResult;
        this.thread = new Thread(() -> run(topic), "results-" + groupId);
        thread.start();
    }

    /** Whether the group has given this subscription its partitions. */
    public boolean isAssigned() {
        return assigned;
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                assigned = !consumer.assignment().isEmpty();
                for (ConsumerRecord<String, byte[]> record : records) {
                    deliver(record);
                }
                if (!records.isEmpty()) {
                    consumer.commitAsync();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            try {
                consumer.commitSync(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("Final commit of the results subscription failed: {}", e.toString());
            }
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        TaskResult result;
        try {
            result = TaskResultValidator.requireValid(deserializer.deserialize(record.topic(), record.headers(), record.value()));
        } catch (RuntimeException e) {
            log.warn("Unreadable or invalid result at {}-{}@{} passed over: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        try {
            onResult.accept(result);
        } catch (RuntimeException e) {
            log.warn("Result callback failed for event={}: {}", result.eventId(), e.toString());
        }
    }

    /** Stops the thread, commits what was delivered and leaves the group. Safe to call twice. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

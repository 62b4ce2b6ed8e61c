package dev.eventscheduler.scheduler;

import dev.eventscheduler.model.config.GroupProtocol;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients of one scheduler instance, configured from its settings: ours first, the user's on top. */
final class SchedulerClients {

    private final SchedulerSettings settings;
    private final UnaryOperator<Producer<String, byte[]>> producerWrapper;

    SchedulerClients(SchedulerSettings settings, UnaryOperator<Producer<String, byte[]>> producerWrapper) {
        this.settings = settings;
        this.producerWrapper = producerWrapper;
    }

    /** A transactional producer for the firing loop, its transactions initialised, wrapped as the builder asked. */
    Producer<String, byte[]> transactionalProducer() {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clientConfig(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scheduler-" + settings.instanceId(),
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // one request at a time: with more, the batches behind a partition's first one in a
                // transaction are refused as out of order while it is verified, and retried in a storm
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                // the next transaction often finds the last one's markers still being written
                // (CONCURRENT_TRANSACTIONS): retry in milliseconds, not the default 100 ms
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 50)), new StringSerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            // not answered in max.block.ms, say: the caller may try again, and this one's threads must not linger
            producer.close(Duration.ZERO);
            throw e;
        }
        return producerWrapper.apply(producer);
    }

    /** The schedules consumer: group {@code scheduler}, read_committed, offsets committed only in transactions. */
    KafkaConsumer<String, byte[]> scheduleConsumer() {
        return new KafkaConsumer<>(scheduleConsumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> scheduleConsumerConfig() {
        Map<String, Object> config = clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, settings.instanceId() + "-schedules",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SchedulerService.DEFAULT_SESSION_TIMEOUT.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SchedulerService.DEFAULT_SESSION_TIMEOUT.toMillis() / 3));
        if (settings.staticMembership()) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        }
        return config;
    }

    /**
     * Client settings: ours, then the user's pass-through on top, so SASL/TLS and overrides always
     * apply, and {@code group.protocol=consumer} drops the group settings only the classic protocol takes.
     */
    Map<String, Object> clientConfig(Map<String, Object> ours) {
        Map<String, Object> config = new HashMap<>(ours);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return GroupProtocol.withUserSettings(config, settings.kafkaProperties());
    }
}

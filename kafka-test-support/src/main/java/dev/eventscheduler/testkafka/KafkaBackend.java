package dev.eventscheduler.testkafka;

import dev.eventscheduler.localkafka.LocalKafkaBroker;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The broker behind {@link TestKafka}: started once per test JVM, closed when the test plan ends.
 * Chosen by the system property {@value #SELECTOR_PROPERTY} or the environment variable
 * {@value #SELECTOR_ENV}: {@code local}, {@code testcontainers}, or {@code auto} (the default:
 * Testcontainers when a Docker engine answers, else the local broker).
 */
abstract class KafkaBackend implements TestKafka, AutoCloseable {

    static final String SELECTOR_PROPERTY = "eventscheduler.test.kafka";
    static final String SELECTOR_ENV = "EVENTSCHEDULER_TEST_KAFKA";
    /** The Kafka image for Testcontainers: the same release as the clients and the local broker. */
    static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    private static final Logger log = LoggerFactory.getLogger(KafkaBackend.class);

    static KafkaBackend start() {
        String choice = selection();
        String reason = "chosen by " + SELECTOR_PROPERTY;
        if (choice.equals("auto")) {
            boolean docker = DockerClientFactory.instance().isDockerAvailable();
            choice = docker ? "testcontainers" : "local";
            reason = docker ? "a Docker engine answered" : "no Docker engine answered";
        }
        KafkaBackend backend = switch (choice) {
            case "local" -> new Local();
            case "testcontainers" -> new Container();
            default -> throw new IllegalArgumentException(SELECTOR_PROPERTY + "/" + SELECTOR_ENV + " is '" + choice
                    + "'; expected auto, local or testcontainers");
        };
        log.info("Tests use the {} Kafka broker at {} ({})", backend.kind(), backend.bootstrapServers(), reason);
        return backend;
    }

    private static String selection() {
        String value = System.getProperty(SELECTOR_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(SELECTOR_ENV);
        }
        return value == null || value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public abstract void close();

    /** Our in-process broker. */
    private static final class Local extends KafkaBackend {
        private final LocalKafkaBroker broker = LocalKafkaBroker.builder().build().start();

        @Override
        public String bootstrapServers() {
            return broker.bootstrapServers();
        }

        @Override
        public String kind() {
            return "local";
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    /** Apache Kafka in a container, with the same single-node settings as the local broker. */
    private static final class Container extends KafkaBackend {
        private final KafkaContainer container;

        Container() {
            container = new KafkaContainer(KAFKA_IMAGE)
                    .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                    .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                    .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                    .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "1000")
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .withEnv("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", "1000");
            container.start();
        }

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public String kind() {
            return "testcontainers";
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}

package dev.eventscheduler.localkafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waits until a broker answers clients: its cluster description names at least one broker. */
final class BrokerReadiness {

    private BrokerReadiness() {
    }

    /**
     * Returns once the broker reached with {@code clientConfig} (bootstrap servers and any security
     * settings) answers.
     *
     * @throws LocalKafkaException when it does not within {@code timeout}
     */
    static void await(Map<String, Object> clientConfig, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalKafkaException("interrupted while waiting for the broker", e);
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new LocalKafkaException("broker did not answer within " + timeout, notYet);
                    }
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while waiting for the broker", e);
        }
    }
}

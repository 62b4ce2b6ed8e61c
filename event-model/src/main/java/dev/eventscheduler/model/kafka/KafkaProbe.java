package dev.eventscheduler.model.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Answers "is the Kafka cluster reachable?" for health endpoints: a {@code describeCluster} with a
 * short time-out, its answer kept for {@value #CACHE_MILLIS} ms so a busy health check does not
 * load the cluster. Thread-safe.
 */
public final class KafkaProbe implements AutoCloseable {

    static final long CACHE_MILLIS = 2_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private volatile long checkedAtNanos;
    private volatile boolean reachable;

    /** @param clientConfig bootstrap servers and any security settings */
    public KafkaProbe(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.checkedAtNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(CACHE_MILLIS);
    }

    /** Whether the cluster answered within a few seconds, as of at most two seconds ago. */
    public boolean reachable() {
        if (System.nanoTime() - checkedAtNanos >= TimeUnit.MILLISECONDS.toNanos(CACHE_MILLIS)) {
            synchronized (this) {
                if (System.nanoTime() - checkedAtNanos >= TimeUnit.MILLISECONDS.toNanos(CACHE_MILLIS)) {
                    reachable = ask();
                    checkedAtNanos = System.nanoTime();
                }
            }
        }
        return reachable;
    }

    private boolean ask() {
        try {
            return !admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}

package dev.eventscheduler.localkafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.BrokerIdNotRegisteredException;
import org.apache.kafka.common.utils.Time;

/**
 * Unregisters the broker incarnation that died with the last run of a single-node cluster, using
 * the node's controller alone. Without this, a combined node restarted after a kill loads its
 * transaction coordinator from the old metadata while the old incarnation still holds its
 * registration; when that incarnation is fenced, every partition is briefly leaderless, the
 * coordinator takes the commit markers of an in-doubt transaction as bound for deleted partitions
 * and drops them, and the partitions' last stable offset is stuck for good: committed records never
 * become visible to read_committed readers. Starting from a metadata image without the old
 * registration, the node registers afresh and the coordinator loads only once the partitions have
 * their new leader. See docs/local-kafka-unclean-restart.md.
 *
 * <p>On a cluster of several nodes the other controllers fence the dead incarnation and move its
 * partitions' leadership by themselves, so this is not needed there (nor possible: one controller
 * alone is not a quorum).
 */
final class DeadIncarnation {

    private DeadIncarnation() {
    }

    /** Unregisters node {@code config.nodeId()}; returns once done, or throws after {@code timeout}. */
    static void forget(NodeConfig config, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        KafkaRaftServer controller = new KafkaRaftServer(new KafkaConfig(config.controllerOnly()), Time.SYSTEM);
        controller.startup();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, LocalKafkaBroker.HOST + ":" + config.controllerPort(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            while (!unregistered(admin, config.nodeId(), deadline)) {
                pause();
            }
        } finally {
            controller.shutdown();
            controller.awaitShutdown();
        }
    }

    /** One attempt: true when the node is no longer registered, false to try again. */
    private static boolean unregistered(Admin admin, int nodeId, long deadline) {
        try {
            admin.unregisterBroker(nodeId).all().get(5, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerIdNotRegisteredException) {
                return true;
            }
            giveUpAfter(deadline, e.getCause());
        } catch (TimeoutException e) {
            giveUpAfter(deadline, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while recovering from an unclean stop", e);
        }
        return false;
    }

    private static void giveUpAfter(long deadline, Throwable cause) {
        if (System.nanoTime() > deadline) {
            throw new LocalKafkaException("cannot unregister the broker of the killed run", cause);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while recovering from an unclean stop", e);
        }
    }
}

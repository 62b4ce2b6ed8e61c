package dev.eventscheduler.model.topics;

import dev.eventscheduler.model.EventSchedulerException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;

/** Waits for an admin request, bounded, turning its failure into one message that says what was being done. */
final class AdminCalls {

    private AdminCalls() {
    }

    /**
     * The result of {@code future}, waiting at most {@code timeout}.
     *
     * @param activity what the request was for, as the start of a sentence ("topic provisioning")
     * @throws EventSchedulerException when it failed or did not answer in time; the cause is Kafka's
     */
    static <T> T await(KafkaFuture<T> future, Duration timeout, String activity) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EventSchedulerException(activity + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventSchedulerException(activity + " did not finish within " + timeout + "; is the broker reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSchedulerException("interrupted during " + activity, e);
        }
    }
}

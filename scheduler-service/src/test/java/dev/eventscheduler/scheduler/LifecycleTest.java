package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.model.lifecycle.Lifecycle.State;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A scheduler instance goes {@code NEW → STARTING → RUNNING → DRAINING → CLOSED}, once, and a failed start leaves nothing behind. */
@KafkaTest
class LifecycleTest {

    /** The threads a scheduler instance starts; none may outlive a failed start. */
    private static final Set<String> SCHEDULER_THREADS = Set.of("scheduler-loop", "scheduler-tracker");

    @Test
    void aStartThatFailsPartWayClosesWhatItOpened(TestKafka kafka) throws IOException {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3);
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long before = schedulerThreads();
            SchedulerService scheduler = kit.scheduler().httpPort(taken.getLocalPort()).build();

            // the API opens last: the tracker and the firing loop were running when its port was refused
            assertThatThrownBy(scheduler::start).hasMessageContaining(String.valueOf(taken.getLocalPort()));

            assertThat(scheduler.state()).isEqualTo(State.CLOSED);
            await().atMost(Duration.ofSeconds(30)).until(() -> schedulerThreads() <= before);
            assertThatThrownBy(scheduler::start).hasMessageContaining("cannot be started again");
        }
    }

    @Test
    void anInstanceStartsOnceRunsAndClosesForGood(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService scheduler = kit.scheduler().build();
            assertThat(scheduler.state()).isEqualTo(State.NEW);

            kit.start(scheduler);
            assertThat(scheduler.state()).isEqualTo(State.RUNNING);
            assertThat(scheduler.health().path("state").asText()).isEqualTo("RUNNING");
            assertThatThrownBy(scheduler::start).hasMessage("scheduler is RUNNING: it can be started only once");

            scheduler.close();
            assertThat(scheduler.state()).isEqualTo(State.CLOSED);
            scheduler.close();
            assertThatThrownBy(scheduler::start).hasMessage("scheduler is CLOSED: it cannot be started again");
        }
    }

    private static long schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && SCHEDULER_THREADS.contains(thread.getName())).count();
    }
}

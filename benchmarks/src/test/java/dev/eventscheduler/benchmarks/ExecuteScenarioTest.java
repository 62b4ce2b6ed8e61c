package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The drains a quick run leaves out, so that a full run does not find them broken ten minutes in. */
@KafkaTest
class ExecuteScenarioTest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a drain itself waits up to ten
    void twoExecutorsSettleThenDrainEveryEventWithoutStarted(TestKafka kafka) throws Exception {
        BenchContext context = new BenchContext(kafka.bootstrapServers(), true);

        // drain throws unless every task's one result appears: both executors must hold partitions first
        assertThat(ExecuteScenario.drain(context, 2_000, "noop", null, 2, false, Executor.DEFAULT_CONCURRENCY)
                .perSecond()).isPositive();
    }
}

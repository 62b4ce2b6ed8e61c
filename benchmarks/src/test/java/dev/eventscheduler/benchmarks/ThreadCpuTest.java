package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Finding the thread that held a rate, and a window's CPU figures: its busiest thread and the broker's process. */
class ThreadCpuTest {

    /** CPU time the spinning thread uses: far more than any other thread of a test JVM in the same moment. */
    private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

    @Test
    void theBusiestThreadIsTheOneThatUsedTheMostCpuInTheWindowAsAShareOfOneCore() {
        Map<Long, ThreadCpu.Time> before = Map.of(1L, new ThreadCpu.Time("executor-consumer", 1_000_000_000L),
                2L, new ThreadCpu.Time("kafka-producer-network-thread", 0));
        // over 2 s, the consumer used 1.8 s and the I/O thread 1.9 s; a thread started in the window used 0.5 s
        Map<Long, ThreadCpu.Time> after = Map.of(1L, new ThreadCpu.Time("executor-consumer", 2_800_000_000L),
                2L, new ThreadCpu.Time("kafka-producer-network-thread", 1_900_000_000L),
                3L, new ThreadCpu.Time("executor-handler-1", 500_000_000L));

        Optional<ThreadCpu.Busiest> busiest = ThreadCpu.busiest(before, after, 2.0);

        assertThat(busiest).get().extracting(ThreadCpu.Busiest::name).isEqualTo("kafka-producer-network-thread");
        assertThat(busiest.get().percentOfCore()).isCloseTo(95.0, within(1e-9));
        assertThat(ThreadCpu.busiest(before, after, 0)).as("no time passed").isEmpty();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aWindowNamesTheThreadThatSpunInItAndCountsTheBrokersProcess() throws Exception {
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread spinner = new Thread(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            while (threads.getCurrentThreadCpuTime() < SPIN_NANOS) {
                Thread.onSpinWait();
            }
            spun.countDown();
            // alive until the window has read it: a thread that ended in the window is not counted
            awaitQuietly(measured);
        }, "spinner");
        // this JVM stands in for the broker's process: its CPU time includes the spinner's
        TimedWindow window = new TimedWindow(Optional.of(ProcessHandle.current()));
        window.start();
        spinner.start();
        try {
            spun.await();
            TimedWindow.Rate rate = window.end(1_000);

            assertThat(rate.cpu().busiestThread()).isEqualTo("spinner");
            assertThat(rate.cpu().busiestThreadPercent()).isPositive();
            // 400 ms over 1,000 items is 400 us each at least; the process clock counts in ticks of 10 ms
            assertThat(rate.cpu().brokerMicrosEach()).isGreaterThan(380.0);
        } finally {
            measured.countDown();
            spinner.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

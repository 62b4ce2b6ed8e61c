package dev.eventscheduler.model.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoopThreadTest {

    private final CountDownLatch stopAsked = new CountDownLatch(1);

    @Test
    void closingAsksTheLoopToStopAndWaitsForIt() throws InterruptedException {
        LoopThread thread = new LoopThread("test-loop", this::awaitStop, stopAsked::countDown, Duration.ofSeconds(10));
        thread.start();
        assertThat(thread.isAlive()).isTrue();

        thread.close();

        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void aLoopNeverStartedRunsOnTheClosingThreadSoItClosesWhatItHolds() throws InterruptedException {
        AtomicReference<String> ranOn = new AtomicReference<>();
        LoopThread thread = new LoopThread("test-loop", () -> ranOn.set(Thread.currentThread().getName()),
                stopAsked::countDown, Duration.ofSeconds(10));

        thread.close();

        assertThat(ranOn.get()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aLoopThatIgnoresTheStopIsLeftBehindAfterTheTimeoutSoShutdownStaysBounded() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        LoopThread thread = new LoopThread("stuck-loop", () -> await(release), () -> { }, Duration.ofMillis(200));
        thread.start();
        try {
            long started = System.nanoTime();
            thread.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(thread.isAlive()).isTrue();
        } finally {
            release.countDown();
        }
    }

    private void awaitStop() {
        await(stopAsked);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

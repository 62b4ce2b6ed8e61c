package dev.eventscheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyOrderedDispatcherTest {

    private final KeyOrderedDispatcher dispatcher = new KeyOrderedDispatcher(4, "test");

    @AfterEach
    void close() {
        dispatcher.close();
    }

    @Test
    void anyKeysUpToTheConcurrencyRunAtOnceEvenWhenTheirHashesCollide() throws InterruptedException {
        // "a", "e", "i" and "m" share hashCode % 4: fixed lanes would run them one after the other
        CountDownLatch allStarted = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        for (String key : List.of("a", "e", "i", "m")) {
            dispatcher.dispatch(key, () -> {
                allStarted.countDown();
                await(release);
            }, false);
        }

        assertThat(allStarted.await(5, TimeUnit.SECONDS)).as("all four keys running at once").isTrue();
        release.countDown();
    }

    @Test
    void oneKeysWorkRunsInOrderAndNeverTwoAtOnce() throws InterruptedException {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, Boolean> running = new ConcurrentHashMap<>();
        List<String> overlaps = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(2_000);
        for (int i = 0; i < 2_000; i++) {
            String key = "key-" + (i % 7);
            int sequence = i;
            dispatcher.dispatch(key, () -> {
                if (running.put(key, true) != null) {
                    synchronized (overlaps) {
                        overlaps.add(key);
                    }
                }
                seen.computeIfAbsent(key, k -> new ArrayList<>()).add(sequence);
                running.remove(key);
                done.countDown();
            }, false);
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps).isEmpty();
        assertThat(seen).hasSize(7).allSatisfy((key, sequences) -> assertThat(sequences).hasSize(2_000 / 7 + (
                Integer.parseInt(key.substring(4)) < 2_000 % 7 ? 1 : 0)).isSorted());
    }

    @Test
    void shutdownLetsQueuedWorkFinish() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            dispatcher.dispatch("same", ran::countDown, false);
        }

        dispatcher.shutdown(Duration.ofSeconds(5));

        assertThat(ran.getCount()).isZero();
    }

    @Test
    void workThatNeverBlocksRunsOnTheCallerWhenItsKeyIsIdle() {
        List<String> threads = new ArrayList<>();

        dispatcher.dispatch("idle", () -> threads.add(Thread.currentThread().getName()), true);

        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void workThatNeverBlocksWaitsBehindItsKeysRunningWork() throws InterruptedException {
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        dispatcher.dispatch("busy", () -> {
            steps.add("first started");
            await(release);
            steps.add("first ended");
        }, false);

        dispatcher.dispatch("busy", () -> {
            steps.add("second on " + Thread.currentThread().getName());
            secondRan.countDown();
        }, true);
        release.countDown();

        assertThat(secondRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(steps).hasSize(3).startsWith("first started", "first ended");
        assertThat(steps.get(2)).startsWith("second on test-worker-");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.eventscheduler.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.TriggerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The next-fire index against a real Quartz: which instants Quartz times, and which schedules each one fires. */
class NextFireIndexTest {

    private static final Duration HORIZON = Duration.ofSeconds(10);

    private final BlockingQueue<String> due = new LinkedBlockingQueue<>();
    private final TriggerEngine engine = new TriggerEngine("index-test-" + System.nanoTime(), due);
    private final NextFireIndex index = new NextFireIndex(engine, HORIZON);
    private final Instant now = Instant.ofEpochMilli(System.currentTimeMillis());

    @AfterEach
    void stopQuartz() {
        engine.close();
    }

    @Test
    void schedulesDueAtTheSameInstantShareOneQuartzTimingAndAllFire() throws InterruptedException {
        Instant past = now.minusMillis(100);
        Instant later = now.minusMillis(50);
        index.time(schedule("a"), past, now);
        index.time(schedule("b"), past, now);
        index.time(schedule("c"), later, now);
        assertThat(index.timings()).as("one Quartz timing per instant, not per schedule").isEqualTo(2);

        List<String> names = List.of(nextDue(), nextDue());

        assertThat(index.due(names)).containsExactlyInAnyOrder(
                new Fire("a", past), new Fire("b", past), new Fire("c", later));
    }

    @Test
    void untimingEveryScheduleOfAnInstantRemovesItsQuartzTiming() {
        Instant soon = now.plusSeconds(5);
        Owned a = schedule("a");
        Owned b = schedule("b");
        index.time(a, soon, now);
        index.time(b, soon, now);
        assertThat(engine.size()).isEqualTo(1);

        index.untime(a);
        assertThat(engine.size()).as("b is still due then").isEqualTo(1);
        index.untime(b);
        assertThat(engine.size()).isZero();
        assertThat(index.timings()).isZero();
    }

    @Test
    void aDueInstantFiresOnlyTheSchedulesStillTimedThen() throws InterruptedException {
        Instant past = now.minusMillis(100);
        Owned a = schedule("a");
        Owned b = schedule("b");
        index.time(a, past, now);
        index.time(b, past, now);
        String name = nextDue();

        index.time(b, now.plusSeconds(60), now);

        assertThat(index.due(List.of(name))).containsExactly(new Fire("a", past));
        assertThat(b.next).isEqualTo(now.plusSeconds(60));
    }

    @Test
    void anInstantTimedAgainAfterItCameDueGetsATimingOfItsOwn() throws InterruptedException {
        Instant past = now.minusMillis(100);
        index.time(schedule("a"), past, now);
        String first = nextDue();
        assertThat(index.due(List.of(first))).containsExactly(new Fire("a", past));

        index.time(schedule("late"), past, now);
        String second = nextDue();

        assertThat(second).isNotEqualTo(first);
        assertThat(index.due(List.of(first))).as("a timing fires once").isEmpty();
        assertThat(index.due(List.of(second))).containsExactly(new Fire("late", past));
    }

    @Test
    void timesBeyondTheHorizonReachQuartzOnlyWhenTheyComeWithinIt() {
        Instant far = now.plus(HORIZON).plusSeconds(30);
        index.time(schedule("a"), far, now);
        index.time(schedule("b"), far, now);
        assertThat(engine.size()).isZero();

        assertThat(index.advance(now.plusSeconds(29))).isZero();
        assertThat(index.advance(now.plusSeconds(30))).isEqualTo(2);
        assertThat(engine.size()).as("both are due at the same instant").isEqualTo(1);
    }

    @Test
    void aFiredScheduleIsTimedAtTheTimeGiven() throws InterruptedException {
        Instant past = now.minusMillis(100);
        Owned every = new Owned(ScheduleDefinition.of("every", "noop", new Trigger.Interval(3_600_000L, past, null)),
                0, past, TriggerState.initial("every"));
        index.time(every, past, now);
        index.due(List.of(nextDue()));

        assertThat(index.isTimedAt(every, past)).isTrue();
        index.fired(every, past.plusSeconds(3_600), now);

        assertThat(every.next).isEqualTo(past.plusSeconds(3_600));
        assertThat(index.timings()).as("an hour ahead waits in the queue").isZero();
        // Quartz deletes a fired trigger only after its job returned, a moment after the name was queued
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(engine.size()).as("and Quartz holds nothing for it").isZero());
    }

    private String nextDue() throws InterruptedException {
        String name = due.poll(10, TimeUnit.SECONDS);
        assertThat(name).as("a timing came due").isNotNull();
        return name;
    }

    private static Owned schedule(String id) {
        return new Owned(ScheduleDefinition.of(id, "noop", new Trigger.OneShot(Instant.now().plusSeconds(3_600))),
                0, Instant.now(), TriggerState.initial(id));
    }
}

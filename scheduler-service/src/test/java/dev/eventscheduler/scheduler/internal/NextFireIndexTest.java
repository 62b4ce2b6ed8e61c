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
    private final String engineName = "index-test-" + System.nanoTime();
    private final TriggerEngine engine = new TriggerEngine(engineName, due);
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
        index.scheduleAt(schedule("a"), past, now);
        index.scheduleAt(schedule("b"), past, now);
        index.scheduleAt(schedule("c"), later, now);
        index.submit();
        assertThat(index.timings()).as("one Quartz timing per instant, not per schedule").isEqualTo(2);

        List<String> names = List.of(nextDue(), nextDue());

        assertThat(index.due(names)).containsExactlyInAnyOrder(
                new Fire("a", past), new Fire("b", past), new Fire("c", later));
    }

    @Test
    void aSoonerInstantTimedWhileQuartzWaitsForALaterOneComesDueFirst() throws InterruptedException {
        // A restore or an edit times instants in any order. Timed one by one, a sooner instant followed
        // at once by a later one was left waiting behind the instant Quartz had taken, seconds late:
        // Quartz remembers only the last instant it was told of. It is a race, hence several rounds.
        for (int round = 1; round <= 5; round++) {
            Instant start = Instant.now();
            Instant later = start.plusSeconds(4);
            Owned waitedFor = schedule("later-" + round);
            index.scheduleAt(schedule("past-" + round), start.minusMillis(100), start);
            index.scheduleAt(waitedFor, later, start);
            index.submit();
            assertThat(index.due(List.of(nextDue()))).extracting(Fire::scheduleId).containsExactly("past-" + round);
            // Quartz has taken the later instant and waits for it
            await().atMost(Duration.ofSeconds(2)).until(() -> quartzSchedulerThread().getState() == Thread.State.TIMED_WAITING);

            Instant sooner = Instant.now().plusMillis(300);
            Owned latest = schedule("latest-" + round);
            index.scheduleAt(schedule("sooner-" + round), sooner, start);
            index.scheduleAt(latest, start.plusSeconds(8), start);
            index.submit();

            assertThat(index.due(List.of(nextDue()))).as("round %d: the next timing to come due", round)
                    .containsExactly(new Fire("sooner-" + round, sooner));
            assertThat(Instant.now()).as("round %d: it came due before the later instant, not behind it", round)
                    .isBefore(later);
            index.unschedule(waitedFor);
            index.unschedule(latest);
        }
    }

    @Test
    void anInstantUntimedBeforeItWasSubmittedNeverReachesQuartz() throws InterruptedException {
        Owned a = schedule("a");
        index.scheduleAt(a, now.minusMillis(100), now);
        index.unschedule(a);
        index.scheduleAt(schedule("b"), now.minusMillis(50), now);
        index.submit();

        assertThat(index.due(List.of(nextDue()))).containsExactly(new Fire("b", now.minusMillis(50)));
        assertThat(due).as("nothing else came due").isEmpty();
        assertThat(index.timings()).isZero();
    }

    @Test
    void untimingEveryScheduleOfAnInstantRemovesItsQuartzTiming() {
        Instant soon = now.plusSeconds(5);
        Owned a = schedule("a");
        Owned b = schedule("b");
        index.scheduleAt(a, soon, now);
        index.scheduleAt(b, soon, now);
        index.submit();
        assertThat(engine.size()).isEqualTo(1);

        index.unschedule(a);
        assertThat(engine.size()).as("b is still due then").isEqualTo(1);
        index.unschedule(b);
        assertThat(engine.size()).isZero();
        assertThat(index.timings()).isZero();
    }

    @Test
    void aDueInstantFiresOnlyTheSchedulesStillTimedThen() throws InterruptedException {
        Instant past = now.minusMillis(100);
        Owned a = schedule("a");
        Owned b = schedule("b");
        index.scheduleAt(a, past, now);
        index.scheduleAt(b, past, now);
        index.submit();
        String name = nextDue();

        index.scheduleAt(b, now.plusSeconds(60), now);

        assertThat(index.due(List.of(name))).containsExactly(new Fire("a", past));
        assertThat(b.next).isEqualTo(now.plusSeconds(60));
    }

    @Test
    void anInstantTimedAgainAfterItCameDueGetsATimingOfItsOwn() throws InterruptedException {
        Instant past = now.minusMillis(100);
        index.scheduleAt(schedule("a"), past, now);
        index.submit();
        String first = nextDue();
        assertThat(index.due(List.of(first))).containsExactly(new Fire("a", past));

        index.scheduleAt(schedule("late"), past, now);
        index.submit();
        String second = nextDue();

        assertThat(second).isNotEqualTo(first);
        assertThat(index.due(List.of(first))).as("a timing fires once").isEmpty();
        assertThat(index.due(List.of(second))).containsExactly(new Fire("late", past));
    }

    @Test
    void timesBeyondTheHorizonReachQuartzOnlyWhenTheyComeWithinIt() {
        Instant far = now.plus(HORIZON).plusSeconds(30);
        index.scheduleAt(schedule("a"), far, now);
        index.scheduleAt(schedule("b"), far, now);
        assertThat(engine.size()).isZero();

        assertThat(index.advance(now.plusSeconds(29))).isZero();
        assertThat(index.advance(now.plusSeconds(30))).isEqualTo(2);
        index.submit();
        assertThat(engine.size()).as("both are due at the same instant").isEqualTo(1);
    }

    @Test
    void aFiredScheduleIsTimedAtTheTimeGiven() throws InterruptedException {
        Instant past = now.minusMillis(100);
        Owned every = new Owned(ScheduleDefinition.of("every", "noop", new Trigger.Interval(3_600_000L, past, null)),
                0, past, TriggerState.initial("every"));
        index.scheduleAt(every, past, now);
        index.submit();
        index.due(List.of(nextDue()));

        assertThat(index.isScheduledAt(every, past)).isTrue();
        index.fired(every, past.plusSeconds(3_600), now);

        assertThat(every.next).isEqualTo(past.plusSeconds(3_600));
        assertThat(index.timings()).as("an hour ahead waits in the queue").isZero();
        // Quartz deletes a fired trigger only after its job returned, a moment after the name was queued
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(engine.size()).as("and Quartz holds nothing for it").isZero());
    }

    private Thread quartzSchedulerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("scheduler-" + engineName + "_QuartzSchedulerThread"))
                .findFirst().orElseThrow();
    }

    private String nextDue() throws InterruptedException {
        String name = due.poll(10, TimeUnit.SECONDS);
        assertThat(name).as("a timing came due").isNotNull();
        return name;
    }

    @Test
    void aTimeAtTheFarEndOfInstantsWaitsBeyondTheHorizonInsteadOfOverflowing() {
        Owned far = schedule("far");

        index.scheduleAt(far, Instant.MAX, now);
        index.submit();

        assertThat(index.timings()).as("not handed to Quartz").isZero();
        assertThat(index.advance(now)).isZero();
    }

    private static Owned schedule(String id) {
        return new Owned(ScheduleDefinition.of(id, "noop", new Trigger.OneShot(Instant.now().plusSeconds(3_600))),
                0, Instant.now(), TriggerState.initial(id));
    }
}

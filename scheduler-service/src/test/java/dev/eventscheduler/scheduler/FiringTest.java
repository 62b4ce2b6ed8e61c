package dev.eventscheduler.scheduler;

import dev.eventscheduler.model.FireTimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TimeBounds;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.EventType;
import dev.eventscheduler.model.kafka.TriggerStateDeserializer;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@KafkaTest
class FiringTest {

    private final SchedulerTestKit kit;

    FiringTest(TestKafka kafka) {
        kit = new SchedulerTestKit(kafka, 3);
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void aClosedSchedulerLeavesNothingHoldingItsSchedules() {
        WeakReference<SchedulerService> closed = startLoadAndClose();

        // a thread left running by close (such as a metrics refresher) would keep it, and every schedule it loaded
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return closed.get() == null;
        });
    }

    /** In a method of its own, so no local variable of the test keeps the instance. */
    private WeakReference<SchedulerService> startLoadAndClose() {
        SchedulerService scheduler = kit.scheduler().build().start();
        kit.put(ScheduleDefinition.of("tick", "noop", Trigger.Cron.of("* * * * * ?")));
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.metrics().schedulesLoaded() == 1);
        scheduler.close();
        return new WeakReference<>(scheduler);
    }

    @Test
    void aCronScheduleFiresEverySecondOnTime() {
        kit.start(kit.scheduler());
        kit.put(ScheduleDefinition.of("tick", "noop", Trigger.Cron.of("* * * * * ?")));

        kit.awaitFired("tick", 5);

        List<ConsumerRecord<String, TaskEvent>> fires = kit.firedRecords("tick");
        assertThat(fires).allSatisfy(record -> {
            Duration lag = Duration.between(record.value().scheduledAt(), Instant.ofEpochMilli(record.timestamp()));
            assertThat(lag).as("lag of %s", record.value().eventId()).isLessThan(Duration.ofSeconds(1));
        });
        List<Instant> times = fires.stream().map(r -> r.value().scheduledAt()).toList();
        assertThat(times).isSorted().doesNotHaveDuplicates();
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).isEqualTo(Duration.ofSeconds(1));
        }
        TaskEvent first = fires.get(0).value();
        assertThat(first.eventId()).isEqualTo("tick@" + first.scheduledAt().toEpochMilli());
        assertThat(first.taskKey()).as("under the default overlap ALLOW_ALL each fire has a key of its own")
                .isEqualTo(first.eventId());
        kit.noDuplicateFires();
    }

    @Test
    void anIntervalFiresFromItsStartUntilItsEndAndAOneShotFiresOnce() {
        kit.start(kit.scheduler());
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        Trigger interval = new Trigger.Interval(700, start, start.plusMillis(2_900));
        kit.put(ScheduleDefinition.of("every-700ms", "noop", interval));
        kit.put(ScheduleDefinition.of("once", "noop", new Trigger.OneShot(start.plusMillis(1_500))));

        kit.awaitFired("every-700ms", 5);
        kit.awaitFired("once", 1);

        assertThat(kit.fired("every-700ms")).extracting(TaskEvent::scheduledAt)
                .containsExactlyElementsOf(FireTimes.next(interval, start.minusMillis(1), 10));
        assertThat(kit.fired("once")).extracting(TaskEvent::scheduledAt).containsExactly(start.plusMillis(1_500));
        kit.noDuplicateFires();
        ConsumerRecord<String, byte[]> onceState = kit.triggerStateRecords().stream()
                .filter(record -> "once".equals(record.key())).reduce((first, second) -> second).orElseThrow();
        assertThat(EventHeaders.lastValue(onceState.headers(), EventHeaders.EVENT_TYPE))
                .as("the trigger state carries its event type, as every record we write")
                .isEqualTo(EventType.TRIGGER_STATE.headerValue());
        assertThat(new TriggerStateDeserializer().deserialize(onceState.topic(), onceState.headers(), onceState.value()))
                .extracting(TriggerState::lastScheduledAt, TriggerState::completed)
                .containsExactly(start.plusMillis(1_500), true);
    }

    @Test
    void schedulesBeyondTheTimingHorizonWaitInTheIndexAndFireEachTimeOnceOnTime() {
        kit.start(kit.scheduler().timingHorizon(Duration.ofMillis(200)));
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        Trigger every1500ms = new Trigger.Interval(1_500, start, null);
        kit.put(ScheduleDefinition.of("sparse", "noop", every1500ms));
        // moved while it waits: only the new time may fire
        kit.put(ScheduleDefinition.of("moved", "noop", new Trigger.OneShot(start.plusSeconds(2))));
        kit.put(ScheduleDefinition.of("moved", "noop", new Trigger.OneShot(start.plusSeconds(3))));

        kit.awaitFired("sparse", 3);
        kit.awaitFired("moved", 1);

        assertThat(kit.firedRecords("sparse").subList(0, 3)).allSatisfy(record -> assertThat(
                Duration.between(record.value().scheduledAt(), Instant.ofEpochMilli(record.timestamp())))
                .as("lag of %s", record.value().eventId()).isLessThan(Duration.ofSeconds(1)));
        assertThat(kit.fired("sparse").subList(0, 3)).extracting(TaskEvent::scheduledAt)
                .containsExactlyElementsOf(FireTimes.next(every1500ms, start.minusMillis(1), 3));
        assertThat(kit.fired("moved")).extracting(TaskEvent::scheduledAt).containsExactly(start.plusSeconds(3));
        kit.noDuplicateFires();
    }

    @Test
    void aLoopFarBehindCommitsWellWithinTheTransactionTimeoutAndFiresEveryTimeOnce() {
        // writing 60,000 fires and their trigger states takes far longer than a quarter of 700 ms (runs
        // build 25,000 to 33,000 within it; a JIT warmed by the tests before once built all of 30,000),
        // and each part, flushed and committed after that quarter, still ends well within the timeout
        SchedulerService scheduler = kit.start(kit.scheduler().transactionTimeout(Duration.ofMillis(700)));
        int count = 60_000;
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(10);
        kit.putAll(IntStream.range(0, count)
                .mapToObj(i -> ScheduleDefinition.of("behind-" + i, "noop", new Trigger.OneShot(due))).toList());
        await().atMost(SchedulerTestKit.WAIT).until(() -> scheduler.metrics().schedulesLoaded() == count);
        assertThat(Instant.now()).as("loaded before the instant they are all due, or this tests nothing").isBefore(due);
        long committedBefore = scheduler.metrics().transactionsCommitted();

        kit.awaitUntil(k -> k.fired().size() >= count);

        assertThat(kit.fired()).extracting(TaskEvent::scheduledAt).containsOnly(due);
        kit.noDuplicateFires();
        assertThat(scheduler.metrics().transactionsAborted()).as("transactions the coordinator timed out").isZero();
        assertThat(scheduler.metrics().transactionsCommitted() - committedBefore)
                .as("one instant's fires, split where a transaction had been open a quarter of its timeout")
                .isGreaterThan(1);
    }

    @Test
    void aLoopThatStalledCatchesAScheduleFasterThanItsIterationsUpAtOnce() {
        TransactionStalls stalls = new TransactionStalls();
        kit.start(kit.scheduler().producerWrapper(stalls::wrap));
        // every 10 ms, the shortest interval accepted, two turns of the loop's 5 ms poll wait: timed one
        // per iteration, 200 late times would take a second or more to catch up
        Trigger every10ms = Trigger.Interval.every(TimeBounds.MIN_INTERVAL_MS);
        kit.put(ScheduleDefinition.of("fast", "noop", every10ms));
        kit.awaitFired("fast", 20);

        Instant stalledFrom = Instant.now();
        stalls.next(Duration.ofSeconds(2));
        Instant check = FireTimes.next(every10ms, stalledFrom.plusSeconds(4), 1).get(0);
        kit.awaitUntil(k -> k.fired("fast").stream().anyMatch(event -> !event.scheduledAt().isBefore(check)));

        ConsumerRecord<String, TaskEvent> atCheck = kit.firedRecords("fast").stream()
                .filter(record -> record.value().scheduledAt().equals(check)).findFirst().orElseThrow();
        assertThat(Duration.between(check, Instant.ofEpochMilli(atCheck.timestamp())))
                .as("lag two seconds after a stall of two seconds").isLessThan(Duration.ofMillis(500));
        kit.everyTimeOnce("fast", FireTimes.between(every10ms, stalledFrom, check, 10_000).times());
        kit.noDuplicateFires();
    }

    @Test
    void aTransactionAbortedBehindABacklogLeavesEveryScheduleFiring() {
        TransactionStalls stalls = new TransactionStalls();
        SchedulerService scheduler = kit.start(kit.scheduler().transactionTimeout(Duration.ofSeconds(3))
                .producerWrapper(stalls::wrap));
        Trigger every10ms = Trigger.Interval.every(TimeBounds.MIN_INTERVAL_MS);
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> "backlog-" + i).toList();
        ids.forEach(id -> kit.put(ScheduleDefinition.of(id, "noop", every10ms)));
        ids.forEach(id -> kit.awaitFired(id, 20));

        // a pause inside a transaction that wrote the schedules' due fires leaves each 150 late times,
        // 3,000 in all, more than one transaction takes (2,000): the next one leaves a schedule's times waiting,
        // and with them its fire that came due meanwhile. Two such pauses, as the first may catch a
        // transaction of late times only, whose schedules' fires then come due in the second. The third
        // transaction pauses past its timeout, and the coordinator aborts it
        stalls.next(Duration.ofMillis(1_500), Duration.ofMillis(1_500), Duration.ofSeconds(5));
        kit.awaitUntil(k -> scheduler.metrics().transactionsAborted() > 0);
        Instant afterAbort = Instant.now().plusSeconds(1);

        kit.awaitUntil(k -> ids.stream().allMatch(id -> k.fired(id).stream().anyMatch(e -> e.scheduledAt().isAfter(afterAbort))));
        kit.noDuplicateFires();
    }

    @Test
    void pauseAndDeleteStopFiresAndResumeGoesOn() {
        kit.start(kit.scheduler());
        ScheduleDefinition tick = ScheduleDefinition.builder("pausable", "noop").every(Duration.ofMillis(300))
                .misfirePolicy(dev.eventscheduler.model.MisfirePolicy.SKIP).build();
        kit.put(tick);
        kit.awaitFired("pausable", 2);

        kit.put(tick.withPaused(true));
        // four periods without a fire; a schedule still firing every 300 ms never gets there
        int whilePaused = kit.awaitNoFiresFor("pausable", Duration.ofMillis(1_200));
        // the last time fired before the pause took hold: every later one until the resume was missed
        Instant pausedBy = kit.fired("pausable").stream().map(TaskEvent::scheduledAt).max(Instant::compareTo).orElseThrow();

        Instant resumed = Instant.now();
        kit.put(tick);
        kit.awaitFired("pausable", whilePaused + 2);
        // a pause far shorter than the misfire threshold: its times are still missed, not late, and
        // SKIP passes over them (catch-ups would have gone out before the fires awaited)
        assertThat(kit.fired("pausable")).extracting(TaskEvent::scheduledAt).as("paused times fired on resume")
                .noneMatch(time -> time.isAfter(pausedBy) && time.isBefore(resumed));
        kit.awaitUntil(k -> k.skipped("pausable").stream().anyMatch(r -> r.scheduledAt().isAfter(pausedBy)));

        kit.delete("pausable");
        kit.awaitNoFiresFor("pausable", Duration.ofMillis(1_200));
        kit.noDuplicateFires();
    }
}

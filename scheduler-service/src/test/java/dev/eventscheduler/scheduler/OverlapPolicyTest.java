package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.kafka.TriggerStateDeserializer;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each overlap policy under a run slower than the schedule's interval: the test plays the executor,
 * ending runs ({@link SchedulerTestKit#endRun}) only when it says so. Buffered times wait visibly,
 * fire once each, in order, with their own scheduled time, across a restart and a fail-over.
 */
@KafkaTest
class OverlapPolicyTest {

    /** The runs this test, playing the executor, has ended. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    @Test
    void bufferOneKeepsOneTimeWaitingAndFiresItWithItsOwnTimeWhenTheRunEnds(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.start(kit.scheduler());
            kit.put(everySecond("one", OverlapPolicy.BUFFER_ONE));
            kit.awaitFired("one", 1);
            TaskEvent running = kit.fired("one").get(0);
            kit.awaitUntil(k -> k.skipped("one").stream().filter(r -> r.error().type().equals(SkipReason.BUFFER_FULL)).count() >= 2);

            List<TaskResult> buffered = buffered(kit, "one");
            assertThat(buffered).hasSize(1);
            assertThat(kit.fired("one")).hasSize(1);
            kit.endRun(running, TaskStatus.SUCCEEDED);

            kit.awaitFired("one", 2);
            TaskEvent waited = kit.fired("one").get(1);
            assertThat(waited.scheduledAt()).isEqualTo(buffered.get(0).scheduledAt());
            assertThat(waited.eventId()).isEqualTo(buffered.get(0).eventId());
            assertThat(kit.skipped("one")).filteredOn(r -> r.scheduledAt().isAfter(running.scheduledAt()))
                    .allSatisfy(r -> assertThat(r.error().type()).isEqualTo(SkipReason.BUFFER_FULL))
                    .noneMatch(r -> r.scheduledAt().equals(waited.scheduledAt()));
            kit.noDuplicateFires();
        }
    }

    @Test
    void cancelOtherCancelsTheRunningRunOnceAndFiresTheWaitingTimeWhenItEnds(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.start(kit.scheduler());
            kit.put(everySecond("newest", OverlapPolicy.CANCEL_OTHER));
            kit.awaitFired("newest", 1);
            TaskEvent running = kit.fired("newest").get(0);
            kit.awaitUntil(k -> k.skipped("newest").stream().filter(r -> r.error().type().equals(SkipReason.BUFFER_FULL)).count() >= 2);

            List<RunControl> asked = kit.runControls();
            assertThat(asked).as("one cancel of the running run, for the first time that waits").hasSize(1);
            assertThat(asked.get(0).eventId()).isEqualTo(running.eventId());
            assertThat(asked.get(0).action()).isEqualTo(RunControl.Action.CANCEL);
            assertThat(asked.get(0).reason()).contains("CANCEL_OTHER").contains(buffered(kit, "newest").get(0).eventId());
            assertThat(kit.fired("newest")).hasSize(1);

            kit.endRun(running, TaskStatus.CANCELLED);
            kit.awaitFired("newest", 2);
            assertThat(kit.fired("newest").get(1).eventId()).isEqualTo(buffered(kit, "newest").get(0).eventId());
            kit.awaitUntil(k -> k.runControls().size() == 2);
            assertThat(kit.runControls().get(1).eventId()).as("the next time cancels the run that waited")
                    .isEqualTo(kit.fired("newest").get(1).eventId());
            kit.noDuplicateFires();
        }
    }

    @Test
    void cancelOtherKeepsItsWaitingTimeAcrossARestartAndCancelsEachRunOnce(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler());
            kit.put(everySecond("restarted", OverlapPolicy.CANCEL_OTHER));
            kit.awaitFired("restarted", 1);
            kit.awaitUntil(k -> buffered(k, "restarted").size() == 1 && k.runControls().size() == 1);
            first.close();
            List<Instant> waiting = committedBuffer(kit, "restarted");
            assertThat(waiting).hasSize(1);

            // the cancelled run ends while no scheduler runs; the new one learns it at restore
            kit.endRun(kit.fired("restarted").get(0), TaskStatus.CANCELLED);
            kit.start(kit.scheduler());

            kit.awaitFired("restarted", 2);
            TaskEvent waited = kit.fired("restarted").get(1);
            assertThat(waited.scheduledAt()).isEqualTo(waiting.get(0));
            kit.awaitUntil(k -> k.runControls().size() == 2);
            assertThat(kit.runControls()).extracting(RunControl::eventId).as("each run cancelled once, by the time after it")
                    .containsExactly(kit.fired("restarted").get(0).eventId(), waited.eventId());
            kit.noDuplicateFires();
        }
    }

    @Test
    void terminateOtherFiresEveryTimeAtOnceAndTerminatesTheRunBeforeIt(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.start(kit.scheduler());
            kit.put(everySecond("latest", OverlapPolicy.TERMINATE_OTHER));

            kit.awaitFired("latest", 4);

            List<TaskEvent> fired = kit.fired("latest");
            kit.awaitUntil(k -> k.runControls().size() >= 3);
            assertThat(kit.runControls()).allSatisfy(c -> assertThat(c.action()).isEqualTo(RunControl.Action.TERMINATE))
                    .extracting(RunControl::eventId).as("each fire terminates the run before it")
                    .startsWith(fired.get(0).eventId(), fired.get(1).eventId(), fired.get(2).eventId());
            assertThat(kit.skipped("latest")).isEmpty();
            assertThat(fired).allSatisfy(event -> assertThat(event.taskKey()).isEqualTo("latest"));
            kit.noDuplicateFires();
        }
    }

    @Test
    void everyPolicyAccountsForEachTimeOnceAcrossARestartAndAFailOverWhileItsRunsHang(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler());
            // ten times a second apart; no run ends until after the restart and the fail-over
            // the first time after every schedule is written: a schedule owes no time from before it was written
            Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            List<Instant> times = IntStream.range(0, 10).mapToObj(start::plusSeconds).toList();
            Map<String, OverlapPolicy> policies = new LinkedHashMap<>();
            for (OverlapPolicy policy : OverlapPolicy.values()) {
                String id = "p-" + policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
                policies.put(id, policy);
                kit.put(ScheduleDefinition.builder(id, "noop").trigger(new Trigger.Interval(1_000, start, times.get(9)))
                        .misfirePolicy(MisfirePolicy.SKIP).overlap(policy).build());
            }
            kit.awaitUntil(k -> policies.keySet().stream().allMatch(id -> !k.fired(id).isEmpty()));
            kit.awaitUntil(k -> k.fired("p-allow-all").size() >= 3);
            first.close();
            SchedulerService second = kit.start(kit.scheduler());
            kit.awaitUntil(k -> k.fired("p-allow-all").size() >= 6);
            kit.start(kit.scheduler());
            second.close();

            // from now on a run ends as soon as it fires, so whatever waits gets its turn
            kit.awaitUntil(k -> {
                k.fired().stream().filter(event -> policies.containsKey(event.scheduleId()))
                        .filter(event -> ended.add(event.eventId())).forEach(event -> k.endRun(event, TaskStatus.SUCCEEDED));
                return policies.keySet().stream().allMatch(id -> accounted(k, id) == times.size());
            });

            kit.noDuplicateFires();
            policies.keySet().forEach(id -> kit.everyTimeOnce(id, times));
            assertThat(kit.fired("p-allow-all")).as("ALLOW_ALL fires every time").hasSize(times.size());
            assertThat(kit.fired("p-terminate-other")).as("TERMINATE_OTHER fires every time").hasSize(times.size());
            assertThat(kit.skipped("p-skip")).as("SKIP skipped what came due while its first run hung").isNotEmpty();
        }
    }

    /** How many of the schedule's times were fired or skipped so far. */
    private static long accounted(SchedulerTestKit kit, String id) {
        return kit.fired(id).size() + kit.skipped(id).size();
    }

    @Test
    void bufferAllFiresEveryWaitingTimeOnceInOrderAcrossARestart(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler());
            // four times, then none: after the restart, only what the trigger state kept can fire
            Instant start = Instant.now().plusSeconds(1);
            kit.put(ScheduleDefinition.builder("all", "noop").trigger(new Trigger.Interval(1_000, start, start.plusMillis(3_500)))
                    .misfirePolicy(MisfirePolicy.SKIP).overlap(OverlapPolicy.BUFFER_ALL).build());
            kit.awaitFired("all", 1);
            kit.awaitUntil(k -> buffered(k, "all").size() == 3);
            first.close();
            List<Instant> waiting = committedBuffer(kit, "all");
            assertThat(waiting).hasSizeGreaterThanOrEqualTo(3);

            // the run ends while no scheduler runs; the new one learns it at restore
            kit.endRun(kit.fired("all").get(0), TaskStatus.SUCCEEDED);
            kit.start(kit.scheduler());
            endEachRunInTurn(kit, "all", waiting);
        }
    }

    @Test
    void bufferedTimesFireOnceOnTheInstanceThatTakesThePartitionOver(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler());
            kit.put(everySecond("moved", OverlapPolicy.BUFFER_ALL));
            kit.awaitFired("moved", 1);
            kit.awaitUntil(k -> buffered(k, "moved").size() >= 2);
            kit.start(kit.scheduler());
            first.close();
            List<Instant> waiting = committedBuffer(kit, "moved").subList(0, 2);

            kit.endRun(kit.fired("moved").get(0), TaskStatus.FAILED);
            endEachRunInTurn(kit, "moved", waiting);
        }
    }

    @Test
    void allowAllLetsRunsOverlapUnderAKeyPerFireUnlessTheScheduleSetsItsOwn(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.start(kit.scheduler());
            kit.put(everySecond("free", OverlapPolicy.ALLOW_ALL));
            kit.put(ScheduleDefinition.builder("keyed", "noop").cron("* * * * * ?").taskKey("customer-7")
                    .overlap(OverlapPolicy.ALLOW_ALL).build());

            kit.awaitFired("free", 3);
            kit.awaitFired("keyed", 3);

            assertThat(kit.fired("free")).allSatisfy(event -> assertThat(event.taskKey()).isEqualTo(event.eventId()));
            assertThat(kit.fired("keyed")).allSatisfy(event -> assertThat(event.taskKey()).isEqualTo("customer-7"));
            assertThat(kit.skipped("free")).isEmpty();
        }
    }

    @Test
    void deletingAScheduleAccountsForItsWaitingTimesAsSkipped(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.start(kit.scheduler());
            kit.put(everySecond("doomed", OverlapPolicy.BUFFER_ALL));
            kit.awaitUntil(k -> buffered(k, "doomed").size() >= 2);

            kit.delete("doomed");
            kit.awaitUntil(k -> k.skipped("doomed").stream().filter(r -> r.error().type().equals(SkipReason.SCHEDULE_DELETED))
                    .count() >= buffered(k, "doomed").size());

            assertThat(kit.skipped("doomed")).filteredOn(r -> r.error().type().equals(SkipReason.SCHEDULE_DELETED))
                    .extracting(TaskResult::scheduledAt)
                    .containsExactlyElementsOf(buffered(kit, "doomed").stream().map(TaskResult::scheduledAt).toList());
            assertThat(kit.fired("doomed")).hasSize(1);
        }
    }

    @Test
    void aForgedTriggerStateCannotStopFiringWithBufferedTimesOutOfBounds(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.put(everySecond("forged", OverlapPolicy.BUFFER_ALL));
            kit.put(everySecond("alive", OverlapPolicy.ALLOW_ALL));
            // any producer can write the trigger-state topic: times no event id can be made of, and one that can
            kit.putRawTriggerState("forged", "{\"scheduleId\":\"forged\",\"lastScheduledAt\":\"2026-01-01T00:00:00Z\","
                    + "\"lastEventId\":\"forged@1\",\"buffered\":[\"+1000000000-01-01T00:00:00Z\",\"2026-01-01T00:00:00Z\"]}");

            SchedulerService scheduler = kit.start(kit.scheduler());

            kit.awaitFired("alive", 3);
            kit.awaitUntil(k -> k.fired("forged").stream().anyMatch(e -> e.scheduledAt().equals(Instant.parse("2026-01-01T00:00:00Z"))));
            assertThat(scheduler.health().path("status").asText()).isEqualTo("UP");
        }
    }

    /**
     * Ends the latest run each time a new one fires, and checks that the next to fire is each of
     * {@code waiting} in turn, with its own scheduled time, and that no time fires twice.
     */
    private static void endEachRunInTurn(SchedulerTestKit kit, String id, List<Instant> waiting) {
        for (int i = 0; i < waiting.size(); i++) {
            kit.awaitFired(id, i + 2);
            TaskEvent fired = kit.fired(id).get(i + 1);
            assertThat(fired.scheduledAt()).as("fire %d", i + 2).isEqualTo(waiting.get(i));
            assertThat(fired.eventId()).isEqualTo(TaskEvent.scheduledEventId(id, waiting.get(i)));
            kit.endRun(fired, TaskStatus.SUCCEEDED);
        }
        kit.noDuplicateFires();
    }

    /** The schedule's buffered times as its committed trigger state has them. */
    private static List<Instant> committedBuffer(SchedulerTestKit kit, String id) {
        TriggerStateDeserializer states = new TriggerStateDeserializer();
        return kit.triggerStateRecords().stream().filter(r -> id.equals(r.key()) && r.value() != null)
                .map(r -> states.deserialize(r.topic(), r.headers(), r.value())).reduce((older, newer) -> newer)
                .orElseThrow().buffered();
    }

    private static List<TaskResult> buffered(SchedulerTestKit kit, String id) {
        return kit.results(id).stream().filter(r -> r.status() == TaskStatus.BUFFERED).toList();
    }

    private static ScheduleDefinition everySecond(String id, OverlapPolicy overlap) {
        return MisfireAndConcurrencyTest.everySecond(id, MisfirePolicy.SKIP, overlap);
    }
}

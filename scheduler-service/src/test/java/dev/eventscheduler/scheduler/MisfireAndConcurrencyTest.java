package dev.eventscheduler.scheduler;

import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.FireTimes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.scheduler.internal.Firing;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@KafkaTest
class MisfireAndConcurrencyTest {

    @Test
    void aRestartAppliesEachMisfirePolicyToTheTimesMissedWhileDown(TestKafka kafka) throws InterruptedException {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            // the outage's oldest time is 2.5 s or more old when the new instance loads it: missed
            Instant down = restartEverySecondSchedulesAfter(kit, Duration.ofMillis(3_500), Duration.ofSeconds(1));

            forEachPolicySince(kit, down, (policy, id, lastBefore, firedAfter) -> {
                // a time may also be skipped at the very first load, if the schedule was written while
                // the first instance was still restoring its partitions: only the outage counts here
                List<Instant> skipped = kit.skipped(id).stream().map(TaskResult::scheduledAt)
                        .filter(t -> t.isAfter(lastBefore)).sorted().toList();
                // the outage left at least three seconds unfired before the new instance loaded them
                List<Instant> expectedSkips = secondsAfter(lastBefore, skipped.size());
                switch (policy) {
                    case FIRE_ONCE -> {
                        assertThat(skipped).as("FIRE_ONCE skips all but the latest missed time").hasSizeGreaterThanOrEqualTo(2)
                                .containsExactlyElementsOf(expectedSkips);
                        assertThat(firedAfter.get(0)).as("and fires that one").isEqualTo(lastBefore.plusSeconds(skipped.size() + 1));
                        assertThat(kit.skipped(id)).extracting(r -> r.error().type()).containsOnly(SkipReason.MISFIRE_FIRE_ONCE);
                    }
                    case SKIP -> {
                        assertThat(skipped).as("SKIP fires no missed time").hasSizeGreaterThanOrEqualTo(3)
                                .containsExactlyElementsOf(expectedSkips);
                        assertThat(kit.skipped(id)).extracting(r -> r.error().type()).containsOnly(SkipReason.MISFIRE_SKIP);
                    }
                    case FIRE_ALL -> {
                        assertThat(skipped).as("FIRE_ALL skips nothing").isEmpty();
                        assertThat(firedAfter.subList(0, 4)).as("FIRE_ALL fires every missed time in order")
                                .containsExactlyElementsOf(secondsAfter(lastBefore, 4));
                    }
                }
            });
        }
    }

    @Test
    void aRestartWithinTheMisfireThresholdFiresEveryTimeItLeftUnfiredUnderEveryPolicy(TestKafka kafka)
            throws InterruptedException {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            // a restart as quick as a deploy: its times are late, not missed, under the default 60 s threshold
            Instant down = restartEverySecondSchedulesAfter(kit, Duration.ofMillis(2_500),
                    SchedulerService.DEFAULT_MISFIRE_THRESHOLD);

            forEachPolicySince(kit, down, (policy, id, lastBefore, firedAfter) -> {
                assertThat(kit.skipped(id)).as(policy + " skips none of the outage's times")
                        .filteredOn(r -> r.scheduledAt().isAfter(lastBefore)).isEmpty();
                assertThat(firedAfter.subList(0, 3)).as(policy + " fires each of them, in order")
                        .containsExactlyElementsOf(secondsAfter(lastBefore, 3));
            });
        }
    }

    @Test
    void aRestartFiresTheTimesInsideAScheduleCatchUpWindowAndLeavesTheOlderOnesToItsPolicy(TestKafka kafka)
            throws InterruptedException {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler());
            // both SKIP missed times; one fires what is at most 2 s late when it is loaded again
            kit.put(ScheduleDefinition.builder("windowed", "noop").cron("* * * * * ?").misfirePolicy(MisfirePolicy.SKIP)
                    .catchUpWindow(Duration.ofSeconds(2)).build());
            kit.put(everySecond("plain", MisfirePolicy.SKIP, OverlapPolicy.ALLOW_ALL));
            kit.awaitFired("windowed", 2);
            kit.awaitFired("plain", 2);

            first.close();
            Instant down = Instant.now();
            Thread.sleep(5_000); // the outage
            // a threshold of zero: without a window of its own, every time of the outage is missed
            kit.start(kit.scheduler().misfireThreshold(Duration.ZERO));
            kit.awaitUntil(k -> Stream.of("windowed", "plain").allMatch(id ->
                    k.fired(id).stream().filter(e -> e.scheduledAt().isAfter(down.plusSeconds(6))).count() >= 2));

            long plainSkipped = skippedSince(kit, "plain", down);
            long windowSkipped = skippedSince(kit, "windowed", down);
            assertThat(plainSkipped).as("the outage's times, all missed without a window").isGreaterThanOrEqualTo(4);
            assertThat(windowSkipped).as("only the times older than the window are missed").isGreaterThanOrEqualTo(2)
                    .isLessThanOrEqualTo(plainSkipped - 1);
            assertThat(kit.skipped("windowed")).extracting(r -> r.error().type()).containsOnly(SkipReason.MISFIRE_SKIP);
            for (String id : List.of("windowed", "plain")) {
                Instant lastBefore = kit.fired(id).stream().map(TaskEvent::scheduledAt).filter(t -> !t.isAfter(down))
                        .max(Instant::compareTo).orElseThrow();
                Instant lastFired = kit.fired(id).stream().map(TaskEvent::scheduledAt).max(Instant::compareTo).orElseThrow();
                kit.everyTimeOnce(id, FireTimes.between(Trigger.Cron.of("* * * * * ?"), lastBefore, lastFired, 100).times());
            }
            kit.noDuplicateFires();
        }
    }

    private static long skippedSince(SchedulerTestKit kit, String id, Instant since) {
        return kit.skipped(id).stream().filter(r -> r.scheduledAt().isAfter(since)).count();
    }

    @Test
    void thousandsOfMissedTimesAtRestoreAreEachAccountedForOnceAcrossSeveralTransactions(TestKafka kafka)
            throws InterruptedException {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            // each schedule misses a few seconds before any instance runs: far more planned fires and
            // skips than one transaction takes
            int count = Firing.MAX_PLANNED_PER_TRANSACTION + 500;
            Trigger everySecond = Trigger.Cron.of("* * * * * ?");
            kit.putAll(java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> ScheduleDefinition.of("backlog-" + i, "noop", everySecond)).toList());
            Instant written = Instant.now();
            Thread.sleep(2_000); // the time nobody fires
            Instant started = Instant.now();
            // a threshold of zero: the times are missed, so there are skips as well as fires to plan
            kit.start(kit.scheduler().misfireThreshold(Duration.ZERO));

            kit.awaitUntil(k -> k.fired().stream().filter(e -> e.scheduledAt().isAfter(started))
                    .map(TaskEvent::scheduleId).distinct().count() == count);

            for (int i = 0; i < count; i++) {
                String id = "backlog-" + i;
                Instant firstOnTime = kit.fired(id).stream().map(TaskEvent::scheduledAt).filter(t -> t.isAfter(started))
                        .min(Instant::compareTo).orElseThrow();
                // every time since all were written: the missed ones, fired or skipped, then the first on time
                kit.everyTimeOnce(id, FireTimes.between(everySecond, written, firstOnTime, 100).times());
            }
            kit.noDuplicateFires();
        }
    }

    @Test
    void forbidSkipsAFireWhileThePreviousRunHasNoFinalResult(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            kit.start(kit.scheduler());
            // no executor runs, so the first run never ends
            kit.put(everySecond("exclusive", MisfirePolicy.SKIP, OverlapPolicy.SKIP));

            kit.awaitUntil(k -> k.fired("exclusive").size() == 1 && k.skipped("exclusive").stream()
                    .filter(r -> r.scheduledAt().isAfter(k.fired("exclusive").get(0).scheduledAt())).count() >= 2);

            Instant firedAt = kit.fired("exclusive").get(0).scheduledAt();
            assertThat(kit.fired("exclusive")).hasSize(1);
            assertThat(kit.skipped("exclusive")).filteredOn(r -> r.scheduledAt().isAfter(firedAt)).allSatisfy(result -> {
                assertThat(result.error().type()).isEqualTo(SkipReason.CONCURRENCY_FORBID);
                assertThat(result.eventId()).isEqualTo("exclusive@" + result.scheduledAt().toEpochMilli());
            });
        }
    }

    /**
     * Starts an instance firing one every-second schedule per misfire policy, stops it once each fired
     * twice, leaves them unfired for {@code outage}, and starts another with {@code misfireThreshold};
     * returns when the first stopped, once each schedule has fired three times since.
     */
    private static Instant restartEverySecondSchedulesAfter(SchedulerTestKit kit, Duration outage, Duration misfireThreshold)
            throws InterruptedException {
        SchedulerService first = kit.start(kit.scheduler());
        for (MisfirePolicy policy : MisfirePolicy.values()) {
            kit.put(everySecond(idOf(policy), policy, OverlapPolicy.ALLOW_ALL));
        }
        for (MisfirePolicy policy : MisfirePolicy.values()) {
            kit.awaitFired(idOf(policy), 2);
        }

        first.close();
        Instant down = Instant.now();
        Thread.sleep(outage.toMillis()); // the outage the policies are about
        kit.start(kit.scheduler().misfireThreshold(misfireThreshold));
        kit.awaitUntil(k -> List.of(MisfirePolicy.values()).stream().allMatch(policy ->
                k.fired(idOf(policy)).stream().filter(e -> e.scheduledAt().isAfter(down)).count() >= 3));
        return down;
    }

    /** What a test checks of one policy's schedule after the outage. */
    private interface PolicyCheck {
        /**
         * @param lastBefore the schedule's last time fired before the outage
         * @param firedAfter its times fired since, in order
         */
        void check(MisfirePolicy policy, String id, Instant lastBefore, List<Instant> firedAfter);
    }

    /**
     * Runs {@code check} on each policy's schedule, then the guarantees that hold under every policy:
     * every second since the last fire before the outage fired or skipped once, and no fire twice.
     */
    private static void forEachPolicySince(SchedulerTestKit kit, Instant down, PolicyCheck check) {
        for (MisfirePolicy policy : MisfirePolicy.values()) {
            String id = idOf(policy);
            Instant lastBefore = kit.fired(id).stream().map(TaskEvent::scheduledAt).filter(t -> !t.isAfter(down))
                    .max(Instant::compareTo).orElseThrow();
            List<Instant> firedAfter = kit.fired(id).stream().map(TaskEvent::scheduledAt)
                    .filter(t -> t.isAfter(lastBefore)).sorted().toList();
            check.check(policy, id, lastBefore, firedAfter);
            Instant lastFired = firedAfter.get(firedAfter.size() - 1);
            kit.everyTimeOnce(id, FireTimes.between(Trigger.Cron.of("* * * * * ?"), lastBefore, lastFired, 100).times());
        }
        kit.noDuplicateFires();
    }

    private static String idOf(MisfirePolicy policy) {
        return policy.name().toLowerCase();
    }

    private static List<Instant> secondsAfter(Instant start, int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(start::plusSeconds).toList();
    }

    static ScheduleDefinition everySecond(String id, MisfirePolicy misfire, OverlapPolicy overlap) {
        return ScheduleDefinition.builder(id, "noop").cron("* * * * * ?").misfirePolicy(misfire).overlap(overlap).build();
    }
}

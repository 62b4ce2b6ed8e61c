package dev.eventscheduler.scheduler;

import dev.eventscheduler.model.FireTimes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two instances share the firing; when one stops mid-run, every time is still fired exactly once. */
@KafkaTest
class FailoverTest {

    private static final Trigger EVERY_SECOND = Trigger.Cron.of("* * * * * ?");

    /**
     * Under either of Kafka's group protocols: with {@code consumer} (KIP-848, set through the
     * pass-through) the broker assigns the partitions and the fires are fenced by its member epochs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void everyScheduledTimeIsFiredOnceAcrossFailover(String groupProtocol, TestKafka kafka) throws InterruptedException {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 6)) {
            SchedulerService first = kit.start(kit.scheduler().instanceId("first")
                    .kafkaProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol));
            SchedulerService second = kit.start(kit.scheduler().instanceId("second")
                    .kafkaProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol));
            List<String> ids = IntStream.range(0, 20).mapToObj(i -> "s-" + i).toList();
            ids.forEach(id -> kit.put(MisfireAndConcurrencyTest.everySecond(id, MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW_ALL)));
            // the cooperative assignor hands the second member its partitions in a second round
            kit.awaitUntil(k -> first.metrics().schedulesLoaded() > 0 && second.metrics().schedulesLoaded() > 0
                    && first.metrics().schedulesLoaded() + second.metrics().schedulesLoaded() == 20);
            kit.awaitUntil(k -> ids.stream().allMatch(id -> k.fired(id).size() >= 2));
            Instant from = Instant.now();

            Thread.sleep(5_000);
            first.close();
            Thread.sleep(10_000);
            Instant to = Instant.now().minusSeconds(1);

            assertThat(second.metrics().schedulesLoaded()).isEqualTo(20);
            for (String id : ids) {
                kit.everyTimeOnce(id, FireTimes.between(EVERY_SECOND, from, to, 100).times());
            }
            kit.noDuplicateFires();
        }
    }

    @Test
    void aRebalanceMakesTheInstanceThatKeepsItsSchedulesSkipNone(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 12)) {
            // a 1 ms poll returns before the group answers the first's rejoin, and intervals of 50 to 169 ms fall
            // at different instants: a transaction goes out right after, with the generation the join ends
            // SKIP, and a misfire threshold of zero: a time the first instance put to the misfire policy,
            // however recent, shows as its own SKIPPED result
            SchedulerService first = kit.start(kit.scheduler().instanceId("first").firingInterval(Duration.ofMillis(1))
                    .misfireThreshold(Duration.ZERO));
            List<String> ids = IntStream.range(0, 120).mapToObj(i -> "kept-" + i).toList();
            kit.putAll(IntStream.range(0, 120).mapToObj(i -> ScheduleDefinition.builder(ids.get(i), "noop")
                    .every(Duration.ofMillis(50 + i)).misfirePolicy(MisfirePolicy.SKIP).build()).toList());
            kit.awaitUntil(k -> ids.stream().allMatch(id -> k.fired(id).size() >= 2));
            // with that threshold, times between a definition's writing and its loading are skipped too
            Instant loaded = Instant.now();

            // each joiner only takes partitions from the members before it, so the first never gains a schedule
            for (int joiners = 0; first.metrics().transactionsAborted() == 0 && joiners < 5; joiners++) {
                SchedulerService joiner = kit.start(kit.scheduler().instanceId("joiner-" + joiners));
                kit.awaitUntil(k -> joiner.metrics().schedulesLoaded() > 0);
            }
            assertThat(first.metrics().transactionsAborted()).as("transactions of the first refused by a rebalance, "
                    + "or this tests nothing").isPositive();
            Instant settled = Instant.now();
            kit.awaitUntil(k -> ids.stream().allMatch(id -> k.fired(id).stream().anyMatch(e -> e.scheduledAt().isAfter(settled))));

            assertThat(ids.stream().flatMap(id -> kit.skipped(id).stream()))
                    .as("times the first instance skipped, though it never gave up their schedules")
                    .filteredOn(result -> result.executorId().equals("scheduler:first") && result.scheduledAt().isAfter(loaded))
                    .isEmpty();
            kit.noDuplicateFires();
        }
    }

    /**
     * An instance that stalls inside a transaction past {@code max.poll.interval.ms} loses its
     * partitions; its successor fires the times that transaction holds, and the stalled commit is
     * refused, as its group generation (member epoch under {@code consumer}) is stale. Without
     * that fence both would be committed: duplicates.
     */
    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void anInstanceWhosePollLoopStalledCannotCommitItsFires(String groupProtocol, TestKafka kafka) throws InterruptedException {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 2)) {
            // a transaction timeout past the stall, or the coordinator aborts the stalled transaction
            // before the fence is put to the test
            TransactionStalls stalls = new TransactionStalls();
            SchedulerService stalled = kit.start(kit.scheduler().instanceId("stalled").transactionTimeout(Duration.ofSeconds(30))
                    .producerWrapper(stalls::wrap)
                    .kafkaProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol)
                    .kafkaProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 2_000));
            // on both partitions, so the stalled instance still fires some once the successor holds one
            List<String> ids = IntStream.range(0, 10).mapToObj(i -> "fenced-" + i).toList();
            ids.forEach(id -> kit.put(ScheduleDefinition.builder(id, "noop").trigger(EVERY_SECOND)
                    .misfirePolicy(MisfirePolicy.FIRE_ALL).build()));
            kit.awaitUntil(k -> ids.stream().allMatch(id -> k.fired(id).size() >= 2));
            SchedulerService successor = kit.start(kit.scheduler().instanceId("successor")
                    .kafkaProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol));
            kit.awaitUntil(k -> successor.metrics().schedulesLoaded() > 0
                    && stalled.metrics().schedulesLoaded() + successor.metrics().schedulesLoaded() == ids.size());
            assertThat(stalled.metrics().schedulesLoaded()).as("schedules the stalled instance fires, or this tests nothing")
                    .isPositive();
            Instant from = Instant.now();

            // its next transaction holds its fires for 10 s, past max.poll.interval.ms: the group moves on, and
            // the successor fires them (the stalled instance may rejoin afterwards and take some back)
            Duration stall = Duration.ofSeconds(10);
            stalls.next(stall);
            Instant to = Instant.now().plus(stall).plusSeconds(1);
            kit.awaitUntil(k -> ids.stream().allMatch(id -> k.fired(id).stream().anyMatch(e -> e.scheduledAt().isAfter(to))));

            kit.noDuplicateFires();
            assertThat(stalled.metrics().transactionsAborted()).as("the stalled instance's transaction, refused").isPositive();
            for (String id : ids) {
                kit.everyTimeOnce(id, FireTimes.between(EVERY_SECOND, from, to, 100).times());
            }
        }
    }
}

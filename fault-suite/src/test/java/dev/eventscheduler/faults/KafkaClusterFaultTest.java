package dev.eventscheduler.faults;

import static org.awaitility.Awaitility.await;

import dev.eventscheduler.localkafka.LocalKafkaCluster;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault scenarios on a real three-broker cluster (replication factor 3, {@code min.insync.replicas}
 * 2), one after another under one load: 50 schedules every second and 10 one-off events a second,
 * two schedulers, two executors. The brokers: the leader of busy partitions and a scheduler's
 * transaction coordinator killed, then a rolling restart. The services: a rolling restart, an
 * executor killed, a scheduler frozen past its group session (a zombie that must be fenced). Each phase's figures are one FAULT-REPORT line: scheduled times
 * missed and fired twice in its window, events fired twice, and how long after the fault schedules
 * fired late (more than {@value #ON_TIME_MS} ms after their time). Across the run: no event without
 * a final result, and each key's events started in order.
 */
class KafkaClusterFaultTest {

    private static final int SCHEDULES = 50;
    private static final long ON_TIME_MS = 1_000;
    /** Past the brokers' 9 s session: the controller fences a killed broker and moves its partitions' leadership. */
    private static final long BROKER_DOWN_MS = 10_000;
    /** Past the scheduler group's 10 s session: the other instance takes the frozen one's partitions. */
    private static final long SCHEDULER_FROZEN_MS = 16_000;
    /** How long each phase watches the fires after its fault. */
    private static final long OBSERVE_MS = 3_000;
    private static final Duration REPLICATED = Duration.ofSeconds(120);
    private static final int LONG_RUNS = 20;
    private static final int LONG_RUN_MS = 4_000;

    private final Topics topics = Topics.defaults();

    /** One fault and the window of scheduled times it is judged on. */
    private record Phase(String name, Instant from, Instant to, String detail) {
    }

    @Test
    void noFireIsLostDuplicatedOrReorderedWhenBrokersDieOrRestartAndServicesRestartOrAreCutOff(@TempDir Path work) {
        try (ProcessCluster harness = ProcessCluster.onKafkaCluster(work)) {
            LocalKafkaCluster kafka = harness.kafkaCluster();
            ProcessCluster.Node scheduler1 = harness.scheduler("scheduler-1", Map.of());
            ProcessCluster.Node scheduler2 = harness.scheduler("scheduler-2", Map.of());
            ProcessCluster.Node executor1 = harness.executor("executor-1", Map.of());
            ProcessCluster.Node executor2 = harness.executor("executor-2", Map.of());
            ProcessCluster.startAll(scheduler1, scheduler2, executor1, executor2);
            List<ProcessCluster.Node> services = List.of(scheduler1, scheduler2, executor1, executor2);
            List<Phase> phases = new ArrayList<>();
            List<String> ids;
            try (Load load = new Load(harness.bootstrapServers())) {
                ids = load.schedulesEverySecond(SCHEDULES, 5);
                await().atMost(Duration.ofSeconds(60)).until(() -> loaded(scheduler1) > 0 && loaded(scheduler2) > 0
                        && loaded(scheduler1) + loaded(scheduler2) == SCHEDULES);
                load.streamOneOffEvents(10);
                Instant start = Instant.now().plusSeconds(1);
                ProcessCluster.sleep(5_000);

                phases.add(phase("kill -9 the leader of busy tasks and trigger-state partitions", start, () -> {
                    LocalKafkaCluster.Node leader = kafka.leaderOf(topics.triggerState(), 0);
                    String led = leader + " led " + topics.triggerState() + "-0 and " + topics.tasks() + " partitions "
                            + ledPartitions(kafka, leader, topics.tasks());
                    killAndRestart(kafka, leader);
                    return led;
                }));
                phases.add(phase("kill -9 the transaction coordinator of scheduler-1", last(phases), () -> {
                    LocalKafkaCluster.Node coordinator = kafka.transactionCoordinatorOf("scheduler-scheduler-1");
                    killAndRestart(kafka, coordinator);
                    return coordinator + " coordinated scheduler-1's transactions";
                }));
                phases.add(phase("rolling restart of the 3 brokers", last(phases), () -> {
                    for (LocalKafkaCluster.Node node : kafka.nodes()) {
                        node.stop();
                        node.start();
                        kafka.awaitFullyReplicated(REPLICATED);
                    }
                    return "each stopped (SIGTERM), started and waited for 0 under-replicated partitions";
                }));
                phases.add(phase("rolling restart of the schedulers and executors (a deploy)", last(phases), () -> {
                    for (ProcessCluster.Node service : services) {
                        service.stop();
                        service.start();
                    }
                    return "each stopped (SIGTERM) and started, one at a time";
                }));
                phases.add(phase("kill -9 an executor (a pod past its grace period), then started again", last(phases), () -> {
                    // runs long enough to be in flight at the kill, past a commit interval: another member must run them
                    load.oneOffs("long-run", LONG_RUNS, LONG_RUN_MS);
                    ProcessCluster.sleep(LONG_RUN_MS / 2);
                    executor2.kill();
                    executor2.start();
                    return "executor-2 killed with " + LONG_RUNS + " runs of " + LONG_RUN_MS + " ms in flight between the two "
                            + "executors; its partitions moved once its 6 s group session ran out";
                }));
                phases.add(phase("scheduler-1 frozen (SIGSTOP) past its group session, then thawed", last(phases), () -> {
                    scheduler1.freeze();
                    await().atMost(Duration.ofSeconds(60)).until(() -> loaded(scheduler2) == SCHEDULES);
                    ProcessCluster.sleep(Math.max(0, SCHEDULER_FROZEN_MS - 10_000));
                    scheduler1.thaw();
                    ProcessCluster.awaitHealthy(Duration.ofSeconds(60), scheduler1);
                    return "scheduler-2 held all " + SCHEDULES + " schedules while scheduler-1 was frozen";
                }));
                load.stopStream();
            }
            ProcessCluster.sleep(3_000);
            scheduler1.stop();
            scheduler2.stop();

            judge(Auditor.readSettled(harness.bootstrapServers(), topics), ids, phases);
        }
    }

    /** Runs {@code fault} from the end of the previous window, watches the fires for a while, and names the window. */
    private static Phase phase(String name, Instant from, Supplier<String> fault) {
        String detail = fault.get();
        ProcessCluster.sleep(OBSERVE_MS);
        return new Phase(name, from, Instant.now().minusSeconds(2), detail);
    }

    private static Instant last(List<Phase> phases) {
        return phases.get(phases.size() - 1).to();
    }

    private static void killAndRestart(LocalKafkaCluster kafka, LocalKafkaCluster.Node node) {
        node.kill();
        ProcessCluster.sleep(BROKER_DOWN_MS);
        node.start();
        kafka.awaitFullyReplicated(REPLICATED);
    }

    private static List<Integer> ledPartitions(LocalKafkaCluster kafka, LocalKafkaCluster.Node node, String topic) {
        List<Integer> led = new ArrayList<>();
        for (int partition = 0; partition < 6; partition++) {
            if (kafka.leaderOf(topic, partition).id() == node.id()) {
                led.add(partition);
            }
        }
        return led;
    }

    private static void judge(Auditor auditor, List<String> ids, List<Phase> phases) {
        SoftAssertions softly = new SoftAssertions();
        for (Phase phase : phases) {
            Auditor.ScheduleAudit times = auditor.schedules(ids, Load.EVERY_SECOND, phase.from(), phase.to());
            Auditor.Report report = auditor.report(firedBetween(auditor, phase.from(), phase.to()));
            Auditor.Lateness late = auditor.lateness(ids, phase.from(), phase.to(), Duration.ofMillis(ON_TIME_MS));
            FaultReport.print("cluster: " + phase.name(), times + " " + report, late + "; " + phase.detail());
            softly.assertThat(times.missing()).as(phase.name() + ": scheduled times neither fired nor reported skipped").isZero();
            softly.assertThat(times.twice()).as(phase.name() + ": scheduled times fired (or skipped) twice").isZero();
            softly.assertThat(report.duplicateFires()).as(phase.name() + ": event ids fired twice").isZero();
        }
        Auditor.Report whole = auditor.report(null);
        FaultReport.print("cluster: the whole run", whole, "");
        softly.assertThat(whole.duplicateFires()).as("event ids fired twice").isZero();
        softly.assertThat(whole.missingFinalResults()).as("events with no final result").isZero();
        softly.assertThat(whole.orderViolations()).as("events of a key started out of order").isZero();
        softly.assertAll();
    }

    /** Event ids fired in {@code (from, to]}. */
    private static List<String> firedBetween(Auditor auditor, Instant from, Instant to) {
        return auditor.fired().stream().map(Auditor.Fired::event)
                .filter(e -> e.firedAt() != null && e.firedAt().isAfter(from) && !e.firedAt().isAfter(to))
                .map(TaskEvent::eventId).collect(Collectors.toList());
    }

    private static int loaded(ProcessCluster.Node scheduler) {
        return scheduler.json("/health").path("schedulesLoaded").asInt(0);
    }
}

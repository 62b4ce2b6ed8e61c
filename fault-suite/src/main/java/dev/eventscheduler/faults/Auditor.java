package dev.eventscheduler.faults;

import dev.eventscheduler.model.FireTimes;

import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskEvents;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.TaskStatus;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.model.validation.TaskResultValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads everything on the tasks and results topics ({@code read_committed}) and says what the
 * guarantees say should be true: every scheduled time fired or skipped once, no event fired twice,
 * every event with a final result, each key's events started in offset order.
 */
public final class Auditor {

    /** How long {@link #readSettled} waits for every event to have a final result. */
    private static final Duration SETTLE = Duration.ofSeconds(120);
    /** The most scheduled times one audit lists per schedule. */
    private static final int MAX_TIMES = 1_000_000;

    private final List<Fired> fired = new ArrayList<>();
    private final List<TaskResult> results = new ArrayList<>();
    /** Indexes of the two lists, built on first use: a soak's audit has thousands of schedules. */
    private Map<String, List<Fired>> firedBySchedule;
    private Map<String, List<TaskResult>> skippedBySchedule;

    /** A task event as read, with where it was. */
    public record Fired(TaskEvent event, int partition, long offset) {
    }

    /** The figures of one audit. */
    public record Report(int events, int duplicateFires, int missingFinalResults, int duplicateFinalResults,
                  int orderViolations, List<String> missingExamples) {
        @Override
        public String toString() {
            return "events=" + events + " duplicateFires=" + duplicateFires + " missingFinalResults=" + missingFinalResults
                    + " duplicateFinalResults=" + duplicateFinalResults + " orderViolations=" + orderViolations
                    + (missingExamples.isEmpty() ? "" : " e.g. missing " + missingExamples);
        }
    }

    /**
     * Reads the topics once every event on them has a final result, waiting up to two minutes: the
     * executors settle what was in flight when a scenario ended. Then it returns what it read, settled
     * or not, and the assertions tell what did not settle.
     */
    public static Auditor readSettled(String bootstrapServers, Topics topics) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Auditor auditor = read(bootstrapServers, topics);
        while (auditor.report(null).missingFinalResults() > 0 && System.nanoTime() < deadline) {
            ProcessCluster.sleep(3_000);
            auditor = read(bootstrapServers, topics);
        }
        return auditor;
    }

    public static Auditor read(String bootstrapServers, Topics topics) {
        Auditor auditor = new Auditor();
        TaskEventDeserializer events = new TaskEventDeserializer();
        TaskResultDeserializer resultReader = new TaskResultDeserializer();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.tasks(), topics.results())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        if (record.topic().equals(topics.tasks())) {
                            TaskEvent event = TaskEvents.completeFrom(new ConsumerRecord<>(record.topic(), record.partition(),
                                    record.offset(), record.key(), events.deserialize(record.topic(), record.headers(), record.value())));
                            auditor.fired.add(new Fired(event, record.partition(), record.offset()));
                        } else {
                            auditor.results.add(TaskResultValidator.requireValid(
                                    resultReader.deserialize(record.topic(), record.headers(), record.value())));
                        }
                    } catch (RuntimeException unreadable) {
                        // poison on purpose in some scenarios: not an event, not counted
                    }
                }
            }
        }
        return auditor;
    }

    public List<Fired> fired() {
        return fired;
    }

    public List<TaskResult> results() {
        return results;
    }

    /** Event ids that ended, by id, with how many run-ending results each got. */
    public Map<String, Long> endings() {
        return results.stream().filter(r -> r.status().endsRun())
                .collect(Collectors.groupingBy(TaskResult::eventId, Collectors.counting()));
    }

    /** The figures for the events in {@code scope} (all fired events when null). */
    public Report report(Collection<String> scope) {
        Map<String, Long> fires = fired.stream().collect(Collectors.groupingBy(f -> f.event().eventId(), Collectors.counting()));
        Set<String> ids = scope == null ? fires.keySet() : new TreeSet<>(scope);
        Map<String, Long> endings = endings();
        List<String> missing = ids.stream().filter(id -> !endings.containsKey(id)).sorted().toList();
        int duplicateFires = (int) ids.stream().filter(id -> fires.getOrDefault(id, 0L) > 1).count();
        int duplicateFinals = (int) ids.stream().filter(id -> endings.getOrDefault(id, 0L) > 1).count();
        return new Report(ids.size(), duplicateFires, missing.size(), duplicateFinals, orderViolations(ids),
                missing.stream().limit(5).toList());
    }

    /**
     * Per key, in offset order, each event's last attempt-1 start must not come before the previous
     * event's: handlers saw the key's events one after the other, in order.
     */
    private int orderViolations(Set<String> scope) {
        Map<String, Instant> lastStart = new HashMap<>();
        results.stream().filter(r -> r.status() == TaskStatus.STARTED && r.attempt() == 1)
                .forEach(r -> lastStart.merge(r.eventId(), r.startedAt(), (a, b) -> b.isAfter(a) ? b : a));
        Map<String, List<Fired>> byKey = new LinkedHashMap<>();
        fired.stream().filter(f -> scope.contains(f.event().eventId()))
                .forEach(f -> byKey.computeIfAbsent(f.event().taskKey(), k -> new ArrayList<>()).add(f));
        int violations = 0;
        for (List<Fired> events : byKey.values()) {
            events.sort(Comparator.comparingLong(Fired::offset));
            Instant previous = null;
            for (Fired f : events) {
                Instant started = lastStart.get(f.event().eventId());
                if (started == null) {
                    continue;
                }
                if (previous != null && started.isBefore(previous)) {
                    violations++;
                }
                previous = started;
            }
        }
        return violations;
    }

    /** Fires later than a tolerance after their scheduled time, in a window that starts with a fault. */
    public record Lateness(long late, Duration worst, Duration onTimeAgainAfter) {
        @Override
        public String toString() {
            return "late fires=" + late + " worst lag=" + worst.toMillis() + " ms, every schedule on time again "
                    + onTimeAgainAfter.toMillis() + " ms after the fault began";
        }
    }

    /**
     * The fires of {@code scheduleIds} for scheduled times in {@code [faultAt, to)} that came more
     * than {@code tolerance} after their time: how many, the worst lag, and how long after
     * {@code faultAt} the last of them was scheduled (zero when none was late): the time until every
     * schedule fires on time again.
     */
    public Lateness lateness(Collection<String> scheduleIds, Instant faultAt, Instant to, Duration tolerance) {
        Set<String> ids = Set.copyOf(scheduleIds);
        List<TaskEvent> late = fired.stream().map(Fired::event)
                .filter(e -> e.scheduleId() != null && ids.contains(e.scheduleId()) && e.firedAt() != null)
                .filter(e -> !e.scheduledAt().isBefore(faultAt) && e.scheduledAt().isBefore(to))
                .filter(e -> Duration.between(e.scheduledAt(), e.firedAt()).compareTo(tolerance) > 0)
                .toList();
        Duration worst = late.stream().map(e -> Duration.between(e.scheduledAt(), e.firedAt()))
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        Duration lastLate = late.stream().map(e -> Duration.between(faultAt, e.scheduledAt()))
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        return new Lateness(late.size(), worst, lastLate);
    }

    /** How the {@code expected} scheduled times of the schedules in {@code ids} were accounted for. */
    public record ScheduleAudit(long expected, long missing, long twice) {
        @Override
        public String toString() {
            return "scheduled times=" + expected + " missing=" + missing + " twice=" + twice;
        }
    }

    /**
     * For each schedule in {@code ids} and each time of {@code trigger} in {@code (from, to]}: was it
     * fired or reported skipped (missing when neither), and more than once (twice)?
     */
    public ScheduleAudit schedules(Collection<String> ids, Trigger trigger, Instant from, Instant to) {
        Map<String, Trigger> triggers = new LinkedHashMap<>();
        ids.forEach(id -> triggers.put(id, trigger));
        return schedules(triggers, from, to);
    }

    /** The same, for schedules each with its own trigger, by id. */
    public ScheduleAudit schedules(Map<String, Trigger> triggers, Instant from, Instant to) {
        long expected = 0;
        long missing = 0;
        long twice = 0;
        for (Map.Entry<String, Trigger> schedule : triggers.entrySet()) {
            List<Instant> times = FireTimes.between(schedule.getValue(), from, to, MAX_TIMES).times();
            Map<Instant, Long> counts = accounted(schedule.getKey(), schedule.getValue());
            expected += times.size();
            missing += times.stream().filter(t -> !counts.containsKey(t)).count();
            twice += times.stream().filter(t -> counts.getOrDefault(t, 0L) > 1).count();
        }
        return new ScheduleAudit(expected, missing, twice);
    }

    /**
     * Scheduled times of {@code scheduleId} that were fired, and those reported skipped: one by one,
     * or in a summary result that counts {@code output.skippedTimes} times from its own on.
     */
    private Map<Instant, Long> accounted(String scheduleId, Trigger trigger) {
        Map<Instant, Long> counts = new HashMap<>();
        firedBySchedule().getOrDefault(scheduleId, List.of()).stream().filter(f -> !f.event().eventId().endsWith("-manual"))
                .forEach(f -> counts.merge(f.event().scheduledAt(), 1L, Long::sum));
        skippedBySchedule().getOrDefault(scheduleId, List.of()).forEach(r -> {
            int summarized = r.output() == null ? 0 : r.output().path("skippedTimes").asInt(0);
            List<Instant> times = summarized > 0
                    ? FireTimes.next(trigger, r.scheduledAt().minusMillis(1), summarized)
                    : List.of(r.scheduledAt());
            times.forEach(time -> counts.merge(time, 1L, Long::sum));
        });
        return counts;
    }

    private Map<String, List<Fired>> firedBySchedule() {
        if (firedBySchedule == null) {
            firedBySchedule = fired.stream().filter(f -> f.event().scheduleId() != null)
                    .collect(Collectors.groupingBy(f -> f.event().scheduleId()));
        }
        return firedBySchedule;
    }

    private Map<String, List<TaskResult>> skippedBySchedule() {
        if (skippedBySchedule == null) {
            skippedBySchedule = results.stream().filter(r -> r.status() == TaskStatus.SKIPPED && r.scheduleId() != null)
                    .collect(Collectors.groupingBy(TaskResult::scheduleId));
        }
        return skippedBySchedule;
    }
}

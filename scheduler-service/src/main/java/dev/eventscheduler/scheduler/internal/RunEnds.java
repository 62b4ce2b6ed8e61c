package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.RunEnd;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.kafka.RunEndDeserializer;
import dev.eventscheduler.model.validation.CheckedRecord;
import dev.eventscheduler.model.validation.RunEndValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the scheduler learns that a run it fired has ended: the latest run end of each schedule
 * this instance owns, read from the same-numbered partitions of the run-ends topic. They are
 * restored with the schedules when partitions are assigned, then followed on each turn of the
 * firing loop by a consumer of their own, group-less and {@code read_committed}. Unlike the status
 * tracker, nothing here is bounded by a look-back or evicted: a schedule keeps its latest end for
 * as long as it is owned. Used by the loop's thread only.
 */
final class RunEnds implements RunView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunEnds.class);

    /** The latest end of one schedule's runs: the scheduled time of the latest run that ended and when, in its partition. */
    private record Kept(int partition, long scheduledAtMillis, long endedAtMillis) {
    }

    private final Consumer<String, byte[]> consumer;
    private final RunEndDeserializer deserializer = new RunEndDeserializer();
    private final Map<String, Kept> latest = new HashMap<>();
    private final Set<TopicPartition> followed = new HashSet<>();

    /** @param consumer a group-less {@code read_committed} consumer of the run-ends topic, closed with this */
    RunEnds(Consumer<String, byte[]> consumer) {
        this.consumer = consumer;
    }

    /**
     * Whether the run {@code eventId} of schedule {@code scheduleId} has ended: its end, or the end of
     * a later run of the schedule, was read. False when no end is known.
     */
    @Override
    public boolean hasEnded(String scheduleId, String eventId) {
        Kept kept = latest.get(scheduleId);
        Instant scheduledAt = TaskEvent.scheduledAtOf(eventId);
        return kept != null && scheduledAt != null && kept.scheduledAtMillis() >= scheduledAt.toEpochMilli();
    }

    @Override
    public Instant endedAt(String scheduleId, String eventId) {
        return hasEnded(scheduleId, eventId) ? Instant.ofEpochMilli(latest.get(scheduleId).endedAtMillis()) : null;
    }

    /** A record of the run-ends topic, read at restore or while following; never throws for its content. */
    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        CheckedRecord<RunEnd> checked = CheckedRecord.read(record, deserializer, RunEndValidator::validate);
        if (!checked.valid()) {
            log.warn("Run end key={} at {}-{}@{} ignored: {}", record.key(), record.topic(), record.partition(),
                    record.offset(), checked.problem());
            return;
        }
        RunEnd end = checked.value();
        long scheduledAt = end.scheduledAt().toEpochMilli();
        // a late end of an older run (one given up at its deadline) does not undo a newer one's
        latest.merge(end.scheduleId(), new Kept(record.partition(), scheduledAt, end.endedAt().toEpochMilli()),
                (kept, read) -> read.scheduledAtMillis() >= kept.scheduledAtMillis() ? read : kept);
    }

    /** Follows the run-ends partitions restored up to {@code positions} from there on. */
    void follow(Map<TopicPartition, Long> positions) {
        followed.addAll(positions.keySet());
        consumer.assign(Set.copyOf(followed));
        positions.forEach(consumer::seek);
    }

    /** Reads what was written to the followed partitions since the last turn, without waiting. */
    void poll() {
        if (!followed.isEmpty()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ZERO)) {
                apply(record);
            }
        }
    }

    /** Hands each kept end whose schedule {@code owned} does not accept, with its partition, to {@code orphan}, and drops it. */
    void dropOrphans(Predicate<String> owned, BiConsumer<String, Integer> orphan) {
        latest.entrySet().removeIf(entry -> {
            if (owned.test(entry.getKey())) {
                return false;
            }
            orphan.accept(entry.getKey(), entry.getValue().partition());
            return true;
        });
    }

    /** Stops following the partitions numbered {@code partitions} and drops their ends: their schedules fire elsewhere now. */
    void forget(Collection<Integer> partitions) {
        Set<Integer> numbers = Set.copyOf(partitions);
        latest.values().removeIf(kept -> numbers.contains(kept.partition()));
        if (followed.removeIf(tp -> numbers.contains(tp.partition()))) {
            consumer.assign(Set.copyOf(followed));
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}

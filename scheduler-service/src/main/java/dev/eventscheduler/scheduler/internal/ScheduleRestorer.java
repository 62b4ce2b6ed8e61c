package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.BackfillProgress;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TimeBounds;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.model.kafka.ScheduleDefinitionDeserializer;
import dev.eventscheduler.model.kafka.TriggerStateDeserializer;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.model.validation.ScheduleRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the schedules of some partitions, and their trigger state and run ends from the
 * same-numbered partitions of the trigger-state and run-ends topics, to the end and
 * {@code read_committed}: what a new owner resumes from.
 */
final class ScheduleRestorer {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRestorer.class);

    private final Topics topics;
    private final Map<String, Object> clientConfig;
    private final Duration timeout;

    ScheduleRestorer(Topics topics, Map<String, Object> clientConfig, Duration timeout) {
        this.topics = topics;
        this.clientConfig = clientConfig;
        this.timeout = timeout;
    }

    /** A consumer of the config every restore uses: group-less, {@code read_committed}, in big batches. */
    KafkaConsumer<String, byte[]> groupLessConsumer() {
        return new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A group-less read_committed consumer that reads the partitions from the start, in big batches. */
    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    /** A schedule as stored: its definition, its partition and when it was written. */
    record Stored(ScheduleDefinition definition, int partition, Instant definedAt) {
    }

    /**
     * @param schedules      live definitions by id
     * @param states         committed trigger states by schedule id
     * @param endOffsets     where reading the schedules partitions stopped, so the live consumer resumes there
     * @param runEndOffsets  where reading the run-ends partitions stopped, so following them resumes there
     */
    record Restored(Map<String, Stored> schedules, Map<String, TriggerState> states, Map<TopicPartition, Long> endOffsets,
                    Map<TopicPartition, Long> runEndOffsets) {
    }

    /** Reads {@code partitions} to their end; each record of the run-ends topic goes to {@code runEnds}. */
    Restored restore(Collection<Integer> partitions, Consumer<ConsumerRecord<String, byte[]>> runEnds) {
        List<TopicPartition> scheduleParts = numbered(topics.schedules(), partitions);
        List<TopicPartition> runEndParts = numbered(topics.runEnds(), partitions);
        List<TopicPartition> all = new ArrayList<>(scheduleParts);
        all.addAll(numbered(topics.triggerState(), partitions));
        all.addAll(runEndParts);
        Map<String, Stored> schedules = new HashMap<>();
        Map<String, TriggerState> states = new HashMap<>();
        ScheduleDefinitionDeserializer definitions = new ScheduleDefinitionDeserializer();
        TriggerStateDeserializer triggerStates = new TriggerStateDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = groupLessConsumer()) {
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!all.stream().allMatch(tp -> consumer.position(tp, timeout) >= end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read partitions " + partitions + " of " + topics.schedules()
                            + ", " + topics.triggerState() + " and " + topics.runEnds() + " to their end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.topic().equals(topics.schedules())) {
                        readDefinition(record, definitions, schedules);
                    } else if (record.topic().equals(topics.runEnds())) {
                        runEnds.accept(record);
                    } else if (record.value() == null) {
                        states.remove(record.key());
                    } else {
                        readState(record, triggerStates, states);
                    }
                }
            }
            return new Restored(schedules, states, offsetsOf(scheduleParts, end), offsetsOf(runEndParts, end));
        }
    }

    private static Map<TopicPartition, Long> offsetsOf(List<TopicPartition> partitions, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> of = new HashMap<>();
        partitions.forEach(tp -> of.put(tp, offsets.get(tp)));
        return of;
    }

    private static List<TopicPartition> numbered(String topic, Collection<Integer> partitions) {
        return partitions.stream().map(partition -> new TopicPartition(topic, partition)).toList();
    }

    private static void readDefinition(ConsumerRecord<String, byte[]> record, ScheduleDefinitionDeserializer deserializer,
                                       Map<String, Stored> schedules) {
        if (record.value() == null) {
            schedules.remove(record.key());
            return;
        }
        ScheduleDefinition definition = decode(record, deserializer);
        if (definition == null) {
            // the latest record decides, as in the firing loop: a refused one replaces what was there
            schedules.remove(record.key());
        } else {
            schedules.put(record.key(), new Stored(definition, record.partition(), Instant.ofEpochMilli(record.timestamp())));
        }
    }

    private static void readState(ConsumerRecord<String, byte[]> record, TriggerStateDeserializer deserializer,
                                  Map<String, TriggerState> states) {
        try {
            states.put(record.key(), withinBounds(deserializer.deserialize(record.topic(), record.headers(), record.value()),
                    record));
        } catch (RuntimeException e) {
            log.warn("Unreadable trigger state of schedule={} at {}-{}@{} ignored; the schedule resumes as if new: {}",
                    record.key(), record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    /**
     * The state with only the buffered times the firing loop can fire (within {@link TimeBounds}, at
     * most {@value OverlapPolicy#MAX_BUFFERED}) and its backfill progress only if
     * {@linkplain BackfillProgress#wellFormed() well formed}. Any producer can write the topic, and a
     * time past the last instant would not even make an event id.
     */
    private static TriggerState withinBounds(TriggerState state, ConsumerRecord<String, byte[]> record) {
        List<Instant> kept = state.buffered().stream().filter(TimeBounds::contains).limit(OverlapPolicy.MAX_BUFFERED).toList();
        BackfillProgress backfill = state.backfill();
        boolean backfillKept = backfill == null || backfill.wellFormed();
        if (kept.size() == state.buffered().size() && backfillKept) {
            return state;
        }
        log.warn("Trigger state of schedule={} at {}-{}@{}: {} of its {} buffered times are out of bounds or past {}; dropped{}",
                record.key(), record.topic(), record.partition(), record.offset(), state.buffered().size() - kept.size(),
                state.buffered().size(), OverlapPolicy.MAX_BUFFERED,
                backfillKept ? "" : "; its backfill progress " + backfill + " is not one a scheduler writes: dropped, the backfill starts over");
        return new TriggerState(state.scheduleId(), state.lastScheduledAt(), state.lastFiredAt(), state.lastEventId(),
                state.fireCount(), state.completed(), kept, backfillKept ? backfill : null);
    }

    /** A definition, or null (logged) when the record cannot be read, breaks the rules or disagrees with its key. */
    static ScheduleDefinition decode(ConsumerRecord<String, byte[]> record, ScheduleDefinitionDeserializer deserializer) {
        ScheduleRecord read = ScheduleRecord.read(record, deserializer);
        if (!read.valid()) {
            log.warn("Schedule record key={} at {}-{}@{} refused; it does not fire: {}", record.key(), record.topic(),
                    record.partition(), record.offset(), read.problems());
            return null;
        }
        return read.definition();
    }
}

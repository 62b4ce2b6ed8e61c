package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.kafka.Calendars;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusion calendars this instance decides fires with: the whole calendars topic, read to its
 * end before the firing loop joins its group (so no time a calendar excludes fires for want of it),
 * then followed on each turn of the loop by a group-less {@code read_committed} consumer. Used by the
 * loop's thread only.
 */
final class CalendarFollower implements Exclusions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CalendarFollower.class);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Calendars calendars = new Calendars();

    /** @param consumer a group-less {@code read_committed} consumer, closed with this */
    CalendarFollower(Consumer<String, byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /** Reads the whole topic to its end, within {@code timeout}. */
    void readToEnd(Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!partitions.stream().allMatch(tp -> consumer.position(tp, timeout) >= end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new EventSchedulerException("could not read " + topic + " to its end within " + timeout);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(this::apply);
        }
        log.info("Read {} calendars from {}", calendars.all().size(), topic);
    }

    /** Reads what was written since the last turn, without waiting. */
    void poll() {
        consumer.poll(Duration.ZERO).forEach(this::apply);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String problem = calendars.apply(record);
        if (problem != null) {
            log.warn("Calendar record key={} at {}-{}@{} passed over: {}", record.key(), record.topic(), record.partition(),
                    record.offset(), problem);
        }
    }

    @Override
    public String excluding(List<String> names, Instant time) {
        return names.isEmpty() ? null : calendars.excluding(names, time);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}

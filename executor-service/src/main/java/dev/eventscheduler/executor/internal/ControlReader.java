package dev.eventscheduler.executor.internal;

import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.kafka.RunControlDeserializer;
import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.validation.CheckedRecord;
import dev.eventscheduler.model.validation.RunControlValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the executor learns which runs to stop: it reads every partition of the control topic from
 * the beginning, group-less and {@code read_committed}, on a thread of its own
 * ({@code executor-control}), and hands each valid request to {@link Cancellations}. Once it has
 * read up to where the topic ended at start, it says so, and the consumer loop begins to run tasks.
 * A record that cannot be read or breaks the contract is logged with its reason, counted and
 * skipped; nothing a producer writes stops the thread.
 */
final class ControlReader implements Runnable {

    /** How long a poll waits for new requests. */
    static final Duration POLL = Duration.ofMillis(100);
    /** How long to wait before looking again for a control topic that does not exist. */
    static final Duration MISSING_TOPIC_RETRY = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ControlReader.class);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Cancellations cancellations;
    private final ExecutorMetrics metrics;
    private final RunControlDeserializer deserializer = new RunControlDeserializer();
    private final Lifecycle lifecycle = new Lifecycle("control reader");
    private boolean warnedMissing;

    /** @param consumer a group-less {@code read_committed} consumer, closed by this loop's thread */
    ControlReader(Consumer<String, byte[]> consumer, String topic, Cancellations cancellations, ExecutorMetrics metrics) {
        this.consumer = consumer;
        this.topic = topic;
        this.cancellations = cancellations;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        if (!lifecycle.running()) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            lifecycle.closed();
            return;
        }
        try {
            if (assignAll()) {
                Map<TopicPartition, Long> startEnds = consumer.endOffsets(consumer.assignment());
                while (lifecycle.isRunning()) {
                    consumer.poll(POLL).forEach(this::apply);
                    if (startEnds != null && caughtUp(startEnds)) {
                        cancellations.markLoaded();
                        startEnds = null;
                    }
                }
            }
        } catch (WakeupException e) {
            if (lifecycle.isRunning()) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Reading the control topic {} failed; cancels are no longer seen by this executor", topic, e);
            throw e;
        } finally {
            cancellations.markLoaded();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            lifecycle.closed();
        }
    }

    /** Assigns every partition of the topic, from the beginning; waits while it does not exist. False once asked to stop. */
    private boolean assignAll() {
        while (lifecycle.isRunning()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions != null && !partitions.isEmpty()) {
                Set<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toSet());
                consumer.assign(all);
                consumer.seekToBeginning(all);
                return true;
            }
            // an executor on topics provisioned before the control topic existed: tasks must still run
            if (!warnedMissing) {
                log.warn("The control topic {} does not exist, so cancels cannot reach this executor; looking for it"
                        + " every {} s (the services' topic provisioning creates it)", topic, MISSING_TOPIC_RETRY.toSeconds());
                warnedMissing = true;
            }
            cancellations.markLoaded();
            pause(MISSING_TOPIC_RETRY);
        }
        return false;
    }

    /** Waits {@code length}, or less when asked to stop meanwhile. */
    private void pause(Duration length) {
        long until = System.nanoTime() + length.toNanos();
        while (lifecycle.isRunning() && System.nanoTime() < until) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    /** One record of the control topic; never throws for its content. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        CheckedRecord<RunControl> checked = CheckedRecord.read(record, deserializer, RunControlValidator::validate);
        if (!checked.valid()) {
            refused(record, checked.problem());
            return;
        }
        RunControl control = checked.value();
        metrics.controlRead();
        log.info("Run {} asked to stop ({}{})", control.eventId(), control.action(),
                control.reason() == null ? "" : ": " + control.reason());
        cancellations.apply(control);
    }

    private void refused(ConsumerRecord<String, byte[]> record, String why) {
        metrics.controlRefused();
        log.warn("Control record key={} at {}-{}@{} ignored: {}", record.key(), record.topic(), record.partition(),
                record.offset(), why);
    }

    /** Asks the loop to stop, from any thread. */
    void stop() {
        lifecycle.drain();
        consumer.wakeup();
    }
}

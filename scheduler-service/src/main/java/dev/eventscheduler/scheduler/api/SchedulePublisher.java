package dev.eventscheduler.scheduler.api;

import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.kafka.ScheduleDefinitionSerializer;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.topics.Topics;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What the API writes: schedule upserts and tombstones, and task events, each acknowledged by the
 * broker before the API answers.
 */
public final class SchedulePublisher implements AutoCloseable {

    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final ScheduleDefinitionSerializer definitions = new ScheduleDefinitionSerializer();
    private final TaskEventSerializer events = new TaskEventSerializer();

    public SchedulePublisher(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    public void upsert(ScheduleDefinition definition) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = definitions.serialize(topics.schedules(), headers, definition);
        send(new ProducerRecord<>(topics.schedules(), null, definition.id(), value, headers));
    }

    public void delete(String scheduleId) {
        send(new ProducerRecord<>(topics.schedules(), scheduleId, null));
    }

    public void publish(TaskEvent event) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = events.serialize(topics.tasks(), headers, event);
        send(new ProducerRecord<>(topics.tasks(), null, event.taskKey(), value, headers));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EventSchedulerException("Kafka did not take the write to " + record.topic() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventSchedulerException("Kafka did not acknowledge the write to " + record.topic() + " within "
                    + ACK_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSchedulerException("interrupted while writing to Kafka", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

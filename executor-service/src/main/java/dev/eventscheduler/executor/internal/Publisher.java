package dev.eventscheduler.executor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.kafka.TaskResultSerializer;
import dev.eventscheduler.model.topics.Topics;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Everything the executor writes, through one idempotent {@code acks=all} producer: results,
 * retries and dead letters. Each send takes the callback the broker's answer goes to, which also
 * gets a send the producer refused at once.
 */
final class Publisher implements AutoCloseable {

    /** Room a result needs besides its output: its other fields, headers and the record's overhead. */
    static final int RESULT_ROOM_BYTES = 64 * 1024;

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final int maxOutputBytes;
    private final TaskResultSerializer results = new TaskResultSerializer();
    private final TaskEventSerializer events = new TaskEventSerializer();

    /** {@code maxRequestBytes}: the producer's {@code max.request.size}, which no record it sends may exceed. */
    Publisher(Producer<String, byte[]> producer, Topics topics, int maxRequestBytes) {
        this.producer = producer;
        this.topics = topics;
        this.maxOutputBytes = maxRequestBytes - RESULT_ROOM_BYTES;
    }

    /**
     * Why a result carrying {@code output} could never be published, or null when it can be: the
     * output is not JSON, or is too large for the producer to send. Such a result would be refused
     * on every attempt, and its record never finish.
     */
    String whyUnpublishable(JsonNode output) {
        int size;
        try {
            size = EventJson.toBytes(output).length;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "the handler's output cannot be written as JSON: " + cause.getMessage();
        }
        return size <= maxOutputBytes ? null : "the handler's output is " + size + " bytes of JSON, over the limit of "
                + maxOutputBytes + " bytes (max.request.size less " + RESULT_ROOM_BYTES + " for the rest of the "
                + "result); it ran, but what it returned is not published";
    }

    void result(TaskResult result, Callback answered) {
        send(results.record(topics.results(), null, result.taskKey(), result), answered);
    }

    /** The next attempt of a task, on the retry topic under the same key. */
    void retry(TaskEvent next, Callback answered) {
        send(events.record(topics.retry(), null, next.taskKey(), next), answered);
    }

    /** A task that ran out of attempts (or could not run): its last event, with why and whence in headers. */
    void deadLetter(TaskEvent event, TaskError error, ConsumerRecord<String, byte[]> origin, Callback answered) {
        ProducerRecord<String, byte[]> record = events.record(topics.deadLetters(), null, event.taskKey(), event);
        describe(record.headers(), error, origin);
        send(record, answered);
    }

    /** A record no one can read: its own bytes and headers, with why and whence added. */
    void deadLetterUnreadable(ConsumerRecord<String, byte[]> origin, TaskError error, Callback answered) {
        Headers headers = new RecordHeaders();
        for (Header header : origin.headers()) {
            headers.add(header);
        }
        describe(headers, error, origin);
        send(new ProducerRecord<>(topics.deadLetters(), null, origin.key(), origin.value(), headers), answered);
    }

    private static void describe(Headers headers, TaskError error, ConsumerRecord<String, byte[]> origin) {
        EventHeaders.set(headers, EventHeaders.DLQ_ERROR_TYPE, error.type());
        EventHeaders.set(headers, EventHeaders.DLQ_ERROR_MESSAGE, error.message());
        EventHeaders.set(headers, EventHeaders.DLQ_ORIGIN_TOPIC, origin.topic());
        EventHeaders.set(headers, EventHeaders.DLQ_ORIGIN_PARTITION, Integer.toString(origin.partition()));
        EventHeaders.set(headers, EventHeaders.DLQ_ORIGIN_OFFSET, Long.toString(origin.offset()));
    }

    private void send(ProducerRecord<String, byte[]> record, Callback answered) {
        try {
            producer.send(record, answered);
        } catch (RuntimeException e) {
            answered.onCompletion(null, e);
        }
    }

    /** Sends what is buffered and closes, waiting at most {@code timeout}. */
    void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}

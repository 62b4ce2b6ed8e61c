package dev.eventscheduler.executor.internal;

import dev.eventscheduler.model.RunEnd;
import dev.eventscheduler.model.RunLogChunk;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.RunEndSerializer;
import dev.eventscheduler.model.kafka.RunLogChunkSerializer;
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
 * run ends, retries, dead letters and attempts' logs. Each send takes the callback the broker's answer goes to, which also
 * gets a send the producer refused at once.
 */
final class Publisher implements AutoCloseable {

    /** Room a result's record needs besides its JSON value: its key, headers and the record's overhead. */
    static final int RECORD_ROOM_BYTES = 64 * 1024;

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final int maxResultBytes;
    private final TaskResultSerializer results = new TaskResultSerializer();
    private final TaskEventSerializer events = new TaskEventSerializer();
    private final RunEndSerializer runEnds = new RunEndSerializer();
    private final RunLogChunkSerializer runLogs = new RunLogChunkSerializer();

    /** {@code maxRequestBytes}: the producer's {@code max.request.size}, which no record it sends may exceed. */
    Publisher(Producer<String, byte[]> producer, Topics topics, int maxRequestBytes) {
        this.producer = producer;
        this.topics = topics;
        this.maxResultBytes = maxRequestBytes - RECORD_ROOM_BYTES;
    }

    /**
     * The record of a result carrying a handler's output, encoded once, or why it could never be
     * published: the output is not JSON, or makes the result too large for the producer to send.
     * Such a result would be refused on every attempt, and its record never finish.
     */
    PreparedResult prepare(TaskResult result) {
        ProducerRecord<String, byte[]> record;
        try {
            record = resultRecord(result);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return PreparedResult.unpublishable("the handler's output cannot be written as JSON: " + cause.getMessage());
        }
        int size = record.value().length;
        return size <= maxResultBytes ? new PreparedResult(record, null) : PreparedResult.unpublishable(
                "the result with the handler's output is " + size + " bytes of JSON, over the limit of "
                + maxResultBytes + " bytes (max.request.size less " + RECORD_ROOM_BYTES + " for the record's key,"
                + " headers and overhead); it ran, but what it returned is not published");
    }

    /** Sends a result {@link #prepare prepared} as publishable. */
    void send(PreparedResult prepared, Callback answered) {
        send(prepared.record(), answered);
    }

    /**
     * A result's record ready to send, or, when it could never be sent, why.
     *
     * @param record        the encoded record, or null
     * @param unpublishable why the result can never be published, or null
     */
    record PreparedResult(ProducerRecord<String, byte[]> record, String unpublishable) {
        static PreparedResult unpublishable(String why) {
            return new PreparedResult(null, why);
        }
    }

    /** Sends a result that carries no handler output ({@code STARTED}, or an attempt's failure): it always fits. */
    void result(TaskResult result, Callback answered) {
        send(resultRecord(result), answered);
    }

    /** A result's record on the results topic, under its task key, so one key's results keep their order. */
    private ProducerRecord<String, byte[]> resultRecord(TaskResult result) {
        return results.record(topics.results(), null, result.taskKey(), result);
    }

    /**
     * The end of a scheduled run, on the run-ends topic under its schedule id. The producer's
     * partitioner hashes the key as it does for the schedule's definition, so the end lands in the
     * partition of the scheduler instance that fires the schedule.
     */
    void runEnd(RunEnd end, Callback answered) {
        send(runEnds.record(topics.runEnds(), null, end.scheduleId(), end), answered);
    }

    /** A piece of an attempt's log, on the logs topic under the run's event id, so a run's pieces keep their order. */
    void runLog(RunLogChunk chunk, Callback answered) {
        send(runLogs.record(topics.logs(), null, chunk.eventId(), chunk), answered);
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

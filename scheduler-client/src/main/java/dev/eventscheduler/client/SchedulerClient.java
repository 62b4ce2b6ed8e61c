package dev.eventscheduler.client;

import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.Calendar;
import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.DeadLetterAction;
import dev.eventscheduler.model.EventSchedulerException;
import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.Pause;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.kafka.CalendarSerializer;
import dev.eventscheduler.model.kafka.NotifyRuleSerializer;
import dev.eventscheduler.model.kafka.DeadLetterActionSerializer;
import dev.eventscheduler.model.kafka.EventHeaders;
import dev.eventscheduler.model.kafka.RunControlSerializer;
import dev.eventscheduler.model.kafka.ScheduleDefinitionSerializer;
import dev.eventscheduler.model.kafka.TaskEventSerializer;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.model.validation.BackfillRequests;
import dev.eventscheduler.model.validation.CalendarValidator;
import dev.eventscheduler.model.validation.NotifyRuleValidator;
import dev.eventscheduler.model.validation.DeadLetterActionValidator;
import dev.eventscheduler.model.validation.RunControlValidator;
import dev.eventscheduler.model.validation.ScheduleValidator;
import dev.eventscheduler.model.validation.TaskEventValidator;
import dev.eventscheduler.model.validation.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What another Java service needs to use the scheduler: publish schedules (upsert, pause, resume,
 * delete) and one-off task events with the right keys and headers, cancel runs, and subscribe to results. Every
 * write is validated first (a {@link dev.eventscheduler.model.validation.ValidationException}
 * names each bad field and nothing is written) and returns once Kafka has it. Thread-safe.
 *
 * <pre>{@code
 * try (SchedulerClient client = SchedulerClient.builder().bootstrapServers("127.0.0.1:9092").build()) {
 *     client.upsert(ScheduleDefinition.of("nightly", "http", Trigger.Cron.of("0 0 2 * * ?")));
 *     String eventId = client.publish(TaskEvent...);
 *     try (ResultSubscription results = client.subscribe("billing-results", result -> ...)) { ... }
 * }
 * }</pre>
 */
public final class SchedulerClient implements AutoCloseable {

    /** How long a write waits for Kafka's acknowledgement by default. */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Topics topics;
    private final Map<String, Object> clientConfig;
    private final Duration ackTimeout;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    /** The name each record is stamped with ({@link EventHeaders#WRITTEN_BY}); null for none. */
    private final String writtenBy;
    /** False for a {@link #writtenBy(String)} view, which shares its producer and does not close it. */
    private final boolean ownsProducer;
    private final ScheduleDefinitionSerializer definitions = new ScheduleDefinitionSerializer();
    private final CalendarSerializer calendars = new CalendarSerializer();
    private final NotifyRuleSerializer notifyRules = new NotifyRuleSerializer();
    private final TaskEventSerializer events = new TaskEventSerializer();
    private final RunControlSerializer controls = new RunControlSerializer();
    private final DeadLetterActionSerializer deadLetterActions = new DeadLetterActionSerializer();

    private SchedulerClient(Builder builder) {
        this.topics = builder.topics;
        this.clientConfig = Map.copyOf(builder.clientConfig);
        this.ackTimeout = builder.ackTimeout;
        this.clock = builder.clock;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() itself waits up to max.block.ms (a minute by default) for metadata or buffer space
        // before the acknowledgement is awaited: the ack timeout bounds the whole write instead
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis());
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.writtenBy = null;
        this.ownsProducer = true;
    }

    private SchedulerClient(SchedulerClient shared, String writtenBy) {
        this.topics = shared.topics;
        this.clientConfig = shared.clientConfig;
        this.ackTimeout = shared.ackTimeout;
        this.clock = shared.clock;
        this.producer = shared.producer;
        this.writtenBy = writtenBy;
        this.ownsProducer = false;
    }

    /**
     * This client, each record it writes stamped with who made it ({@link EventHeaders#WRITTEN_BY}:
     * {@code name}), as the REST API stamps its token's name. The view shares this client's producer:
     * closing it closes nothing, and it works until this client is closed.
     */
    public SchedulerClient writtenBy(String name) {
        return new SchedulerClient(this, Objects.requireNonNull(name, "name"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates or replaces a schedule (key: its id). */
    public void upsert(ScheduleDefinition definition) {
        ScheduleValidator.requireValid(definition);
        send(upsertRecord(definition));
    }

    /**
     * Creates or replaces many schedules at once, as a bulk import: every definition is checked first,
     * so one invalid definition writes none; then all are sent before the acknowledgements are awaited.
     */
    public void upsertAll(Collection<ScheduleDefinition> definitions) {
        definitions.forEach(ScheduleValidator::requireValid);
        List<Future<RecordMetadata>> acks = new ArrayList<>(definitions.size());
        definitions.forEach(definition -> acks.add(producer.send(stamped(upsertRecord(definition)))));
        // sending a large import takes time of its own, each send bounded by max.block.ms
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        acks.forEach(ack -> await(ack, topics.schedules(), deadline));
    }

    private ProducerRecord<String, byte[]> upsertRecord(ScheduleDefinition definition) {
        return definitions.record(topics.schedules(), null, definition.id(), definition);
    }

    /** Writes {@code definition} paused: it stays, but does not fire. */
    public void pause(ScheduleDefinition definition) {
        upsert(definition.withPaused(true));
    }

    /**
     * Writes {@code definition} paused with why ({@code note}, at most 1,000 characters) and by whom
     * ({@code by}, at most 200), stamped with this client's clock; either may be null. Both are kept
     * with the schedule until it is resumed.
     */
    public void pause(ScheduleDefinition definition, String note, String by) {
        upsert(definition.withPaused(true, new Pause(note, by, clock.instant())));
    }

    /** Writes {@code definition} running again, without its pause note; times missed while paused follow its misfire policy. */
    public void resume(ScheduleDefinition definition) {
        upsert(definition.withPaused(false));
    }

    /** Deletes the schedule: a tombstone under its id. */
    public void delete(String scheduleId) {
        send(new ProducerRecord<>(topics.schedules(), Objects.requireNonNull(scheduleId, "scheduleId"), null));
    }

    /**
     * Asks for a backfill of {@code definition}'s times in {@code [from, to)} under {@code overlap}
     * (null: {@code BUFFER_ALL}, one run after another; see {@link Backfill#overlap()} for what each
     * policy does with times that all come due at once), replacing any earlier backfill of it. The
     * instance that fires the schedule fires each time once, in order, with event ids of their own
     * ({@link TaskEvent#backfillEventId}), going on after a restart or a take-over where it stopped.
     *
     * @return the backfill, with its id and how many times it fires
     * @throws dev.eventscheduler.model.validation.ValidationException when the range is not one
     *         ({@code to} not after {@code from}), holds none of its times or more than {@value Backfill#MAX_TIMES}
     */
    public Backfill backfill(ScheduleDefinition definition, Instant from, Instant to, OverlapPolicy overlap) {
        Backfill backfill = BackfillRequests.plan(definition, from, to, overlap, clock.instant());
        upsert(definition.withBackfill(backfill));
        return backfill;
    }

    /**
     * Creates or replaces the exclusion calendar {@code calendar.name()}, after checking it: a schedule
     * that names it skips the times it excludes from the next decision on.
     *
     * @throws dev.eventscheduler.model.validation.ValidationException listing every problem
     */
    public void putCalendar(Calendar calendar) {
        CalendarValidator.requireValid(calendar);
        send(calendars.record(topics.calendars(), null, calendar.name(), calendar));
    }

    /**
     * Creates or replaces the notify rule {@code rule.name()}, after checking it: from the next run
     * that ends on, its webhook is told (the scheduler sends only to hosts it allows).
     *
     * @throws dev.eventscheduler.model.validation.ValidationException listing every problem
     */
    public void putNotifyRule(NotifyRule rule) {
        NotifyRuleValidator.requireValid(rule);
        send(notifyRules.record(topics.notifyRules(), null, rule.name(), rule));
    }

    /** Deletes the notify rule {@code name}. */
    public void deleteNotifyRule(String name) {
        send(new ProducerRecord<>(topics.notifyRules(), Objects.requireNonNull(name, "name"), null));
    }

    /** Deletes the exclusion calendar {@code name}: the schedules that name it no longer skip by it. */
    public void deleteCalendar(String name) {
        send(new ProducerRecord<>(topics.calendars(), Objects.requireNonNull(name, "name"), null));
    }

    /**
     * Publishes a one-off task event, keyed by its task key. An absent event id becomes a random
     * UUID, an absent task key the event id, absent {@code scheduledAt}/{@code firedAt} now. It may
     * not name a schedule or take an id with {@code @}: those are the scheduler's, for the fires of
     * schedules (see {@link #triggerNow} to fire one now).
     *
     * @return the event id, to find its results by
     */
    public String publish(TaskEvent event) {
        Instant now = clock.instant();
        String eventId = event.eventId() != null ? event.eventId() : UUID.randomUUID().toString();
        TaskEvent complete = new TaskEvent(eventId, event.scheduleId(), event.taskKey() != null ? event.taskKey() : eventId,
                event.taskType(), event.payload(), event.scheduledAt() != null ? event.scheduledAt() : now,
                event.firedAt() != null ? event.firedAt() : now, event.attempt(), event.notBefore(), event.timeoutMs(),
                event.retry());
        TaskEventValidator.requireValidOneOff(complete);
        send(events.record(topics.tasks(), null, complete.taskKey(), complete));
        return eventId;
    }

    /**
     * Fires {@code definition} once now, outside its trigger (its trigger state is not touched), as
     * Temporal's "trigger immediately" does: the event id is {@code <scheduleId>@<epoch ms>-manual}.
     *
     * @return the event id, to find its results by
     */
    public String triggerNow(ScheduleDefinition definition) {
        Instant now = clock.instant();
        TaskEvent event = new TaskEvent(TaskEvent.scheduledEventId(definition.id(), now) + "-manual", definition.id(),
                definition.taskKey(), definition.taskType(), definition.payload(), now, now, 1, null,
                definition.timeoutMs(), definition.retry());
        TaskEventValidator.requireValid(event);
        send(events.record(topics.tasks(), null, event.taskKey(), event));
        return event.eventId();
    }

    /**
     * Asks run {@code eventId} to stop, on the control topic every executor reads, and returns once
     * Kafka has the request. A run queued or waiting for a retry never starts again; a running one
     * is told through its {@code TaskContext} and its handler thread interrupted. Either ends
     * {@code CANCELLED}, with no retry and no dead letter. A run that ends first keeps its end, and
     * a run not yet read by any executor is stopped when it is. This client cannot tell whether the
     * run exists or has ended; the REST API's {@code POST /api/runs/{eventId}/cancel} can.
     *
     * @param reason why, shown in the run's error; may be null
     */
    public void cancel(String eventId, String reason) {
        RunControl control = RunControl.cancel(eventId, clock.instant(), reason);
        RunControlValidator.requireValid(control);
        send(controls.record(topics.control(), null, eventId, control));
    }

    /**
     * Runs the task of {@code original} (the whole event its run fired with) again, as a new run:
     * a fresh attempt count, its own event id {@code <eventId>-rerun-<epoch ms>}, {@code rerunOf}
     * naming the original, and the original's scheduled time, key, payload, time limit and retry
     * policy. The REST API's {@code POST /api/runs/{eventId}/rerun} finds the original for you.
     *
     * @return the new run's event id
     */
    public String rerun(TaskEvent original) {
        TaskEvent again = TaskEventValidator.requireValid(original.rerun(clock.instant()));
        send(events.record(topics.tasks(), null, again.taskKey(), again));
        return again.eventId();
    }

    /**
     * Publishes the task of a dead letter again as a new run ({@link TaskEvent#redrive}: a fresh
     * attempt count, {@code rerunOf} the dead run, an id made from the dead letter's), then records the redrive of dead letter
     * {@code deadLetterId} ({@code <partition>@<offset>}) on the dead-letter actions topic, so no
     * instance lists it as waiting any more.
     *
     * @param deadLettered the task event the dead letter holds
     * @return the new run's event id
     */
    public String redrive(String deadLetterId, TaskEvent deadLettered) {
        Instant now = clock.instant();
        TaskEvent again = TaskEventValidator.requireValid(deadLettered.redrive(deadLetterId, now));
        DeadLetterAction action = new DeadLetterAction(deadLetterId, DeadLetterAction.Kind.REDRIVEN, again.eventId(), now);
        requireValidAction(action);
        send(events.record(topics.tasks(), null, again.taskKey(), again));
        send(deadLetterActions.record(topics.deadLetterActions(), null, deadLetterId, action));
        return again.eventId();
    }

    /** Sets dead letter {@code deadLetterId} aside: it stays on its topic but is listed as waiting no more, and is never redriven. */
    public void discardDeadLetter(String deadLetterId) {
        DeadLetterAction action = new DeadLetterAction(deadLetterId, DeadLetterAction.Kind.DISCARDED, null, clock.instant());
        requireValidAction(action);
        send(deadLetterActions.record(topics.deadLetterActions(), null, deadLetterId, action));
    }

    private static void requireValidAction(DeadLetterAction action) {
        var problems = DeadLetterActionValidator.validate(action, action.deadLetter());
        if (!problems.isEmpty()) {
            throw new ValidationException("dead-letter action", problems);
        }
    }

    /**
     * Calls {@code onResult} for every result on the results topic, on its own thread, as member of
     * consumer group {@code groupId} (several subscribers with the same group share the results; a
     * new group starts at the oldest result kept). Offsets are committed after the callback returns,
     * so a result may be seen twice after a crash, never missed. Close the subscription to stop.
     */
    public ResultSubscription subscribe(String groupId, Consumer<TaskResult> onResult) {
        return new ResultSubscription(clientConfig, topics.results(), groupId, onResult);
    }

    public Topics topics() {
        return topics;
    }

    private void send(ProducerRecord<String, byte[]> record) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        await(producer.send(stamped(record)), record.topic(), deadline);
    }

    private ProducerRecord<String, byte[]> stamped(ProducerRecord<String, byte[]> record) {
        if (writtenBy != null) {
            record.headers().add(EventHeaders.WRITTEN_BY, writtenBy.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return record;
    }

    /** Waits for {@code ack} until {@code deadline} ({@link System#nanoTime()}), the end of the write's ack timeout. */
    private void await(Future<RecordMetadata> ack, String topic, long deadline) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new EventSchedulerException("Kafka did not take the write to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventSchedulerException("no acknowledgement from Kafka for " + topic + " within " + ackTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSchedulerException("interrupted while writing to " + topic, e);
        }
    }

    @Override
    public void close() {
        if (ownsProducer) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Settings for a {@link SchedulerClient}; only {@link #bootstrapServers} is required. */
    public static final class Builder {
        private final Map<String, Object> clientConfig = new HashMap<>();
        private Topics topics = Topics.defaults();
        private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The Kafka cluster, e.g. {@code 127.0.0.1:9092}. Required. */
        public Builder bootstrapServers(String bootstrapServers) {
            clientConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers));
            return this;
        }

        /** The topics' names (default {@link Topics#defaults()}). */
        public Builder topics(Topics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** Any Kafka client setting (SASL, TLS, ...), for the producer and every subscription. */
        public Builder kafkaProperty(String name, Object value) {
            clientConfig.put(name, value);
            return this;
        }

        /**
         * How long a write waits for Kafka, all of it: finding the topic's leader and buffer space,
         * then the acknowledgement (default 30 s). A bulk import waits that long for all its
         * acknowledgements once every schedule is sent. It also becomes the producer's
         * {@code max.block.ms}, unless that is set.
         */
        public Builder ackTimeout(Duration ackTimeout) {
            this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
            return this;
        }

        /** The clock for the times filled into published events (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SchedulerClient build() {
            if (!clientConfig.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalStateException("bootstrapServers is required");
            }
            return new SchedulerClient(this);
        }
    }
}

package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.DeadLetterAction;
import dev.eventscheduler.model.kafka.DeadLetterActionDeserializer;
import dev.eventscheduler.model.kafka.TaskEventDeserializer;
import dev.eventscheduler.model.validation.CheckedRecord;
import dev.eventscheduler.model.validation.DeadLetterActionValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest dead letters, at most {@value #MAX_KEPT}, and what was done with each (redriven,
 * discarded), from the dead-letter topic and its actions topic as the status tracker reads them.
 * An action read before its dead letter (they are on different topics) waits for it, at most
 * {@value #MAX_KEPT} of them. Thread-safe: the tracker writes, the API reads.
 */
public final class DeadLetterStore {

    /** The most dead letters kept; older ones stay on the topic, unlisted. */
    public static final int MAX_KEPT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);

    /** Which dead letters a query lists, by what was done with them. */
    public enum State { WAITING, REDRIVEN, DISCARDED, ALL }

    /**
     * A page of dead letters, newest first; null filters match all.
     *
     * @param from dead-lettered at or after; {@code to} before
     */
    public record Query(String taskType, String errorType, Instant from, Instant to, State state, int offset, int limit) {
    }

    public record Page(int total, List<DeadLetter> deadLetters) {
    }

    private final Map<String, DeadLetter> kept = bounded();
    private final Map<String, DeadLetterAction> early = bounded();
    private final TaskEventDeserializer events = new TaskEventDeserializer();
    private final DeadLetterActionDeserializer actions = new DeadLetterActionDeserializer();

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_KEPT;
            }
        };
    }

    /** A record of the dead-letter topic. */
    synchronized void read(ConsumerRecord<String, byte[]> record) {
        DeadLetter letter = DeadLetter.of(record, events);
        DeadLetterAction taken = early.remove(letter.id());
        kept.put(letter.id(), taken == null ? letter : letter.after(taken));
    }

    /** A record of the dead-letter actions topic; one that breaks the contract is logged and ignored. */
    synchronized void readAction(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        CheckedRecord<DeadLetterAction> checked = CheckedRecord.read(record, actions, DeadLetterActionValidator::validate);
        if (!checked.valid()) {
            log.warn("Dead-letter action at {}-{}@{} ignored: {}", record.topic(), record.partition(), record.offset(),
                    checked.problem());
            return;
        }
        DeadLetterAction action = checked.value();
        DeadLetter letter = kept.get(action.deadLetter());
        if (letter == null) {
            early.put(action.deadLetter(), action);
        } else if (letter.action() == null) {
            kept.put(letter.id(), letter.after(action));
        }
    }

    public synchronized DeadLetter get(String id) {
        return kept.get(id);
    }

    /** The page {@code query} asks for, newest first. */
    public synchronized Page find(Query query) {
        List<DeadLetter> matching = matching(query);
        int from = Math.min(query.offset(), matching.size());
        int to = (int) Math.min((long) from + query.limit(), matching.size());
        return new Page(matching.size(), List.copyOf(matching.subList(from, to)));
    }

    /** Every dead letter {@code query} matches (its paging aside), newest first. */
    public synchronized List<DeadLetter> matching(Query query) {
        List<DeadLetter> all = new ArrayList<>();
        for (DeadLetter letter : kept.values()) {
            if (matches(letter, query)) {
                all.add(letter);
            }
        }
        all.sort((a, b) -> b.deadLetteredAt().compareTo(a.deadLetteredAt()));
        return all;
    }

    private static boolean matches(DeadLetter letter, Query query) {
        return (query.taskType() == null || query.taskType().equals(letter.taskType()))
                && (query.errorType() == null || query.errorType().equals(letter.errorType()))
                && (query.from() == null || !letter.deadLetteredAt().isBefore(query.from()))
                && (query.to() == null || letter.deadLetteredAt().isBefore(query.to()))
                && switch (query.state()) {
                    case WAITING -> letter.action() == null;
                    case REDRIVEN -> letter.action() == DeadLetterAction.Kind.REDRIVEN;
                    case DISCARDED -> letter.action() == DeadLetterAction.Kind.DISCARDED;
                    case ALL -> true;
                };
    }
}

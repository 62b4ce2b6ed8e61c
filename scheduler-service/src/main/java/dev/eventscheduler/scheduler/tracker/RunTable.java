package dev.eventscheduler.scheduler.tracker;

import dev.eventscheduler.model.RunState;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.TaskError;
import dev.eventscheduler.model.TaskEvent;
import java.time.Instant;
import java.util.Arrays;

/**
 * The runs a {@link RunStore} keeps, one slot each, in columns of primitives and shared references
 * instead of an object graph per run (see {@code docs/run-table.md}). A run lives for seconds to
 * minutes, long enough to be copied by several young collections; as objects, 100,000 runs were
 * about 30 MB copied in every pause of the scheduler's JVM. In columns that grow only by doubling,
 * they are a handful of arrays the collector promotes once. What still costs an object per run is
 * what is rare: an event id that is not {@code <scheduleId>@<epochMillis>}, a payload, an output, an
 * error, the run a rerun runs again. Not thread-safe: the store guards it.
 *
 * <p>Slots are linked twice: in the order of their last change (oldest first, for eviction; newest
 * first, for listing) and per schedule in the order they were first seen (its history). Event ids
 * are found through a {@link SlotIndex}.
 */
final class RunTable {

    private static final int INITIAL_CAPACITY = 256;
    private static final int NONE = -1;
    /** The seconds column's mark for a null instant. */
    private static final long NO_TIME = Long.MIN_VALUE;
    /** The instants a run has, each a pair of columns. */
    static final int SCHEDULED = 0;
    static final int FIRED = 1;
    static final int STARTED = 2;
    static final int FINISHED = 3;
    private static final int TIMES = 4;
    private static final RunState[] STATES = RunState.values();

    private int capacity = INITIAL_CAPACITY;
    private int size;
    private int unused;
    /** Slots freed by removal, chained through {@link #older}. */
    private int freeSlots = NONE;

    /** The event id when it is not {@code scheduleId@scheduledAt millis}, else null: most runs need no string of their own. */
    private String[] explicitIds = new String[INITIAL_CAPACITY];
    private int[] idHashes = new int[INITIAL_CAPACITY];
    private String[] scheduleIds = new String[INITIAL_CAPACITY];
    private String[] taskKeys = new String[INITIAL_CAPACITY];
    private String[] taskTypes = new String[INITIAL_CAPACITY];
    private String[] executorIds = new String[INITIAL_CAPACITY];
    private byte[] states = new byte[INITIAL_CAPACITY];
    private int[] attempts = new int[INITIAL_CAPACITY];
    private long[] seconds = new long[INITIAL_CAPACITY * TIMES];
    private int[] nanos = new int[INITIAL_CAPACITY * TIMES];
    private JsonNode[] payloads = new JsonNode[INITIAL_CAPACITY];
    private JsonNode[] outputs = new JsonNode[INITIAL_CAPACITY];
    private TaskError[] errors = new TaskError[INITIAL_CAPACITY];
    private String[] rerunOfs = new String[INITIAL_CAPACITY];
    private long[] sequences = new long[INITIAL_CAPACITY];

    private int[] older = new int[INITIAL_CAPACITY];
    private int[] newer = new int[INITIAL_CAPACITY];
    private int oldest = NONE;
    private int newest = NONE;

    /** Each schedule's kept runs, in the order first seen. */
    private final ScheduleHistories histories = new ScheduleHistories(INITIAL_CAPACITY);

    /** Event id to slot. */
    private final SlotIndex index = new SlotIndex(INITIAL_CAPACITY);

    int size() {
        return size;
    }

    /** The slot of {@code eventId}, or -1. */
    int find(String eventId) {
        int hash = eventId.hashCode();
        return index.find(hash, slot -> idHashes[slot] == hash && eventId(slot).equals(eventId));
    }

    /** The schedule id instance kept for {@code scheduleId}, so runs share one copy; the argument when none is kept. */
    String canonicalScheduleId(String scheduleId) {
        return histories.canonical(scheduleId);
    }

    /**
     * Writes {@code run} into the slot of its event id, or a new one, and makes it the newest change.
     * Returns the slot. A new run with a schedule joins the end of that schedule's history.
     */
    int put(Run run) {
        int slot = find(run.eventId());
        boolean added = slot == NONE;
        if (added) {
            slot = allocateSlot();
            idHashes[slot] = run.eventId().hashCode();
            addToIndex(slot);
            size++;
        } else {
            unlinkChange(slot);
        }
        scheduleIds[slot] = run.scheduleId();
        boolean derived = run.scheduleId() != null && run.scheduledAt() != null
                && run.eventId().equals(TaskEvent.scheduledEventId(run.scheduleId(), run.scheduledAt()));
        explicitIds[slot] = derived ? null : explicitIds[slot] != null ? explicitIds[slot] : run.eventId();
        taskKeys[slot] = run.taskKey();
        taskTypes[slot] = run.taskType();
        executorIds[slot] = run.executorId();
        states[slot] = (byte) run.state().ordinal();
        attempts[slot] = run.attempt();
        setTime(slot, SCHEDULED, run.scheduledAt());
        setTime(slot, FIRED, run.firedAt());
        setTime(slot, STARTED, run.startedAt());
        setTime(slot, FINISHED, run.finishedAt());
        payloads[slot] = run.payload();
        outputs[slot] = run.output();
        errors[slot] = run.error();
        rerunOfs[slot] = run.rerunOf();
        sequences[slot] = run.updateSequence();
        linkNewest(slot);
        if (added && run.scheduleId() != null) {
            histories.add(slot, run.scheduleId());
        }
        return slot;
    }

    /** Forgets the run in {@code slot}. */
    void remove(int slot) {
        removeFromIndex(slot);
        unlinkChange(slot);
        histories.remove(slot);
        explicitIds[slot] = null;
        scheduleIds[slot] = null;
        taskKeys[slot] = null;
        taskTypes[slot] = null;
        executorIds[slot] = null;
        payloads[slot] = null;
        outputs[slot] = null;
        errors[slot] = null;
        rerunOfs[slot] = null;
        older[slot] = freeSlots;
        freeSlots = slot;
        size--;
    }

    /** The slot changed least recently, or -1 when empty. */
    int oldest() {
        return oldest;
    }

    /** The slot changed most recently, or -1 when empty. */
    int newest() {
        return newest;
    }

    /** The slot changed just before {@code slot}, or -1. */
    int olderThan(int slot) {
        return older[slot];
    }

    /** The first kept run of {@code scheduleId}'s history, or -1. */
    int historyFirst(String scheduleId) {
        return histories.first(scheduleId);
    }

    /** The run after {@code slot} in its schedule's history, or -1. */
    int historyAfter(int slot) {
        return histories.after(slot);
    }

    /** How many kept runs {@code scheduleId}'s history holds. */
    int historySize(String scheduleId) {
        return histories.size(scheduleId);
    }

    RunState state(int slot) {
        return STATES[states[slot]];
    }

    String executorId(int slot) {
        return executorIds[slot];
    }

    int attempt(int slot) {
        return attempts[slot];
    }

    long sequence(int slot) {
        return sequences[slot];
    }

    /** One of the run's instants ({@link #SCHEDULED}, {@link #FIRED}, {@link #STARTED}, {@link #FINISHED}), or null. */
    Instant time(int slot, int which) {
        int at = slot * TIMES + which;
        return seconds[at] == NO_TIME ? null : Instant.ofEpochSecond(seconds[at], nanos[at]);
    }

    String eventId(int slot) {
        String explicit = explicitIds[slot];
        return explicit != null ? explicit : TaskEvent.scheduledEventId(scheduleIds[slot], time(slot, SCHEDULED));
    }

    /** The run in {@code slot} as a record: made on each call, for readers and listeners. */
    Run read(int slot) {
        return new Run(eventId(slot), scheduleIds[slot], taskKeys[slot], taskTypes[slot], state(slot), attempts[slot],
                time(slot, SCHEDULED), time(slot, FIRED), time(slot, STARTED), time(slot, FINISHED), executorIds[slot],
                payloads[slot], outputs[slot], errors[slot], rerunOfs[slot], sequences[slot]);
    }

    private void setTime(int slot, int which, Instant time) {
        int at = slot * TIMES + which;
        seconds[at] = time == null ? NO_TIME : time.getEpochSecond();
        nanos[at] = time == null ? 0 : time.getNano();
    }

    private int allocateSlot() {
        if (freeSlots != NONE) {
            int slot = freeSlots;
            freeSlots = older[slot];
            return slot;
        }
        if (unused == capacity) {
            grow();
        }
        return unused++;
    }

    private void linkNewest(int slot) {
        older[slot] = newest;
        newer[slot] = NONE;
        if (newest != NONE) {
            newer[newest] = slot;
        } else {
            oldest = slot;
        }
        newest = slot;
    }

    private void unlinkChange(int slot) {
        if (older[slot] != NONE) {
            newer[older[slot]] = newer[slot];
        } else {
            oldest = newer[slot];
        }
        if (newer[slot] != NONE) {
            older[newer[slot]] = older[slot];
        } else {
            newest = older[slot];
        }
    }

    private void addToIndex(int slot) {
        index.add(slot, idHashes[slot]);
    }

    private void removeFromIndex(int slot) {
        index.remove(slot, other -> idHashes[other]);
    }

    /** Doubles every column; the slots keep their numbers, the index is built again. */
    private void grow() {
        capacity *= 2;
        explicitIds = Arrays.copyOf(explicitIds, capacity);
        idHashes = Arrays.copyOf(idHashes, capacity);
        scheduleIds = Arrays.copyOf(scheduleIds, capacity);
        taskKeys = Arrays.copyOf(taskKeys, capacity);
        taskTypes = Arrays.copyOf(taskTypes, capacity);
        executorIds = Arrays.copyOf(executorIds, capacity);
        states = Arrays.copyOf(states, capacity);
        attempts = Arrays.copyOf(attempts, capacity);
        seconds = Arrays.copyOf(seconds, capacity * TIMES);
        nanos = Arrays.copyOf(nanos, capacity * TIMES);
        payloads = Arrays.copyOf(payloads, capacity);
        outputs = Arrays.copyOf(outputs, capacity);
        errors = Arrays.copyOf(errors, capacity);
        rerunOfs = Arrays.copyOf(rerunOfs, capacity);
        sequences = Arrays.copyOf(sequences, capacity);
        older = Arrays.copyOf(older, capacity);
        newer = Arrays.copyOf(newer, capacity);
        histories.grow(capacity);
        index.clear(capacity);
        // only a full table grows, so every slot in use holds a run
        for (int slot = 0; slot < unused; slot++) {
            addToIndex(slot);
        }
    }
}

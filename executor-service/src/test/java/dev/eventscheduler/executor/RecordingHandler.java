package dev.eventscheduler.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler that records, per task key, the {@code seq} of each payload it is called with, and the
 * most calls it ever saw running at once. It sleeps {@code sleepMs} per call.
 */
final class RecordingHandler implements TaskHandler {

    static final String TYPE = "record";

    private final long sleepMs;
    private final Map<String, List<Integer>> sequenceByKey = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    RecordingHandler(long sleepMs) {
        this.sleepMs = sleepMs;
    }

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public JsonNode handle(TaskContext context) throws InterruptedException {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        try {
            sequenceByKey.computeIfAbsent(context.event().taskKey(), k -> new ArrayList<>())
                    .add(context.payload().get("seq").asInt());
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
            calls.incrementAndGet();
            return null;
        } finally {
            running.decrementAndGet();
        }
    }

    /** Sequence numbers per key; no two tasks of a key run at once, so reading them after the run is safe. */
    Map<String, List<Integer>> sequenceByKey() {
        return sequenceByKey;
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    int calls() {
        return calls.get();
    }
}

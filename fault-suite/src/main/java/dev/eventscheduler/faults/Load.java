package dev.eventscheduler.faults;

import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.json.EventJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The load the fault scenarios and the soak benchmark put on the system: schedules and a stream of one-off events. */
public final class Load implements AutoCloseable {

    public static final int KEYS = 50;
    /** The trigger of {@link #schedulesEverySecond}. */
    public static final Trigger EVERY_SECOND = Trigger.Cron.of("* * * * * ?");

    private final SchedulerClient client;
    private final AtomicBoolean streaming = new AtomicBoolean();
    private final AtomicInteger published = new AtomicInteger();
    private Thread stream;

    public Load(String bootstrapServers) {
        client = SchedulerClient.builder().bootstrapServers(bootstrapServers).build();
    }

    /** {@code count} schedules firing every second, each a short {@code sleep}, over {@link #KEYS} keys. */
    public List<String> schedulesEverySecond(int count, int sleepMs) {
        return List.copyOf(schedules(count, i -> EVERY_SECOND, sleepMs).keySet());
    }

    /**
     * {@code count} schedules, the i-th with trigger {@code triggerOf.apply(i)}, each a short
     * {@code sleep}, over {@link #KEYS} keys; their triggers by id, in order.
     */
    public Map<String, Trigger> schedules(int count, IntFunction<Trigger> triggerOf, int sleepMs) {
        Map<String, Trigger> triggers = new LinkedHashMap<>();
        List<ScheduleDefinition> definitions = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "s-" + i;
            triggers.put(id, triggerOf.apply(i));
            definitions.add(ScheduleDefinition.builder(id, "sleep").trigger(triggers.get(id)).taskKey("key-" + (i % KEYS))
                    .payload(EventJson.mapper().createObjectNode().put("durationMs", sleepMs)).build());
        }
        client.upsertAll(definitions);
        return triggers;
    }

    public void deleteSchedules(List<String> ids) {
        ids.forEach(client::delete);
    }

    /** Publishes {@code perSecond} one-off events a second until {@link #stopStream()}. */
    public void streamOneOffEvents(int perSecond) {
        streaming.set(true);
        stream = new Thread(() -> {
            while (streaming.get()) {
                int n = published.incrementAndGet();
                try {
                    client.publish(TaskEvent.oneOff("sleep").eventId("one-off-" + n).taskKey("key-" + (n % KEYS))
                            .payload(EventJson.mapper().createObjectNode().put("durationMs", 5)).build());
                } catch (RuntimeException e) {
                    published.decrementAndGet(); // the broker may be away in a scenario; the event was not published
                }
                ProcessCluster.sleep(1_000 / perSecond);
            }
        }, "fault-load-stream");
        stream.start();
    }

    /** {@code count} one-off {@code sleep} events of {@code durationMs} each, {@code <prefix>-i} under keys of their own. */
    public List<String> oneOffs(String prefix, int count, int durationMs) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.publish(TaskEvent.oneOff("sleep").eventId(prefix + "-" + i).taskKey(prefix + "-key-" + i)
                    .payload(EventJson.mapper().createObjectNode().put("durationMs", durationMs)).build()));
        }
        return ids;
    }

    /** Asks each run in {@code eventIds} to stop; returns when each was asked, by event id. */
    public Map<String, java.time.Instant> cancel(List<String> eventIds) {
        Map<String, java.time.Instant> asked = new LinkedHashMap<>();
        for (String id : eventIds) {
            asked.put(id, java.time.Instant.now());
            client.cancel(id, "fault suite");
        }
        return asked;
    }

    public void stopStream() {
        streaming.set(false);
        try {
            if (stream != null) {
                stream.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int published() {
        return published.get();
    }

    @Override
    public void close() {
        stopStream();
        client.close();
    }
}

package dev.eventscheduler.faults;

import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.json.EventJson;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** The load the scenarios put on the system: schedules every second and a stream of one-off events. */
final class Load implements AutoCloseable {

    static final int KEYS = 50;

    private final SchedulerClient client;
    private final AtomicBoolean streaming = new AtomicBoolean();
    private final AtomicInteger published = new AtomicInteger();
    private Thread stream;

    Load(String bootstrapServers) {
        client = SchedulerClient.builder().bootstrapServers(bootstrapServers).build();
    }

    /** {@code count} schedules firing every second, each a short {@code sleep}, over {@link #KEYS} keys. */
    List<String> schedulesEverySecond(int count, int sleepMs) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> "s-" + i).toList();
        for (int i = 0; i < count; i++) {
            client.upsert(new ScheduleDefinition(ids.get(i), "key-" + (i % KEYS), "sleep", Trigger.Cron.of("* * * * * ?"),
                    EventJson.mapper().createObjectNode().put("durationMs", sleepMs), null, null, null, null, false, null));
        }
        return ids;
    }

    void deleteSchedules(List<String> ids) {
        ids.forEach(client::delete);
    }

    /** Publishes {@code perSecond} one-off events a second until {@link #stopStream()}. */
    void streamOneOffEvents(int perSecond) {
        streaming.set(true);
        stream = new Thread(() -> {
            while (streaming.get()) {
                int n = published.incrementAndGet();
                try {
                    client.publish(new TaskEvent("one-off-" + n, null, "key-" + (n % KEYS), "sleep",
                            EventJson.mapper().createObjectNode().put("durationMs", 5), null, null, 1, null, null, null));
                } catch (RuntimeException e) {
                    published.decrementAndGet(); // the broker may be away in a scenario; the event was not published
                }
                ProcessCluster.sleep(1_000 / perSecond);
            }
        }, "fault-load-stream");
        stream.start();
    }

    void stopStream() {
        streaming.set(false);
        try {
            if (stream != null) {
                stream.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int published() {
        return published.get();
    }

    @Override
    public void close() {
        stopStream();
        client.close();
    }
}

package dev.eventscheduler.scheduler.api;

import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.scheduler.tracker.Run;
import dev.eventscheduler.scheduler.tracker.RunStore;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /api/stream}: server-sent events, one {@code run} event per change the tracker sees.
 * At most {@link ApiServer#MAX_STREAMS} are open at once; more are answered 503 with {@code Retry-After}. A
 * comment goes to every stream each {@link #HEARTBEAT}, which keeps proxies from closing an idle
 * stream and finds the streams whose clients have gone, so their places are freed.
 */
final class RunStream implements AutoCloseable {

    /** How often an idle stream gets a comment. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final RunStore runs;
    private final Semaphore places = new Semaphore(ApiServer.MAX_STREAMS);
    private final Set<SseClient> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "api-stream-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    RunStream(RunStore runs) {
        this.runs = runs;
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Before the stream opens: takes a place, or answers 503. The stream's close gives it back. */
    void admit(Context ctx) {
        if (!places.tryAcquire()) {
            ctx.header("Retry-After", String.valueOf(HEARTBEAT.toSeconds()));
            throw new ApiException(503, "too many open streams (" + ApiServer.MAX_STREAMS + "); try again later");
        }
    }

    void open(SseClient client) {
        client.keepAlive();
        Consumer<Run> listener = run -> {
            if (client.terminated()) {
                throw new IllegalStateException("client gone");
            }
            client.sendEvent("run", EventJson.toString(run), run.eventId());
        };
        client.onClose(() -> {
            runs.removeListener(listener);
            if (open.remove(client)) {
                places.release();
            }
        });
        open.add(client);
        runs.addListener(listener);
        client.sendComment("connected");
    }

    /** How many streams are open. */
    int openStreams() {
        return open.size();
    }

    private void beat() {
        for (SseClient client : open) {
            // a failed write marks the client terminated and runs its close callback
            client.sendComment("heartbeat");
            if (client.terminated()) {
                client.close();
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}

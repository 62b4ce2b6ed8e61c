package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.lifecycle.Lifecycle;
import dev.eventscheduler.model.lifecycle.LoopThread;
import dev.eventscheduler.model.lifecycle.Resources;
import dev.eventscheduler.scheduler.SchedulerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The firing side of a scheduler instance, and the only way in to it: Quartz, the consumer of the
 * schedules topic, the {@link RunEnds} it follows and the {@link FiringLoop} on its thread
 * ({@code scheduler-loop}). The facade starts it and closes it; everything else in this package
 * stays behind it.
 */
public final class Firing implements AutoCloseable {

    /** About the most catch-ups and skips planned at load that one transaction writes, besides the fires due. */
    public static final int MAX_PLANNED_PER_TRANSACTION = PendingWork.MAX_PLANNED_PER_TRANSACTION;
    /** How long {@link #close()} waits for the firing loop to finish its transaction and leave the group. */
    static final Duration LOOP_STOP_TIMEOUT = Duration.ofSeconds(15);
    /** How long loading an assigned partition's schedules and trigger states may take. */
    static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);

    private final Lifecycle lifecycle = new Lifecycle("firing");
    private final Resources parts;
    private final TriggerEngine engine;
    private final FiringLoop loop;
    private final LoopThread loopThread;

    /**
     * @param consumer     the schedules topic's consumer, in the scheduler group; the loop's thread closes it
     * @param producers    makes the transactional producer the loop writes through (again after a fatal error)
     * @param clientConfig settings for the group-less consumers that restore assigned partitions and follow run ends
     */
    public Firing(SchedulerSettings settings, KafkaConsumer<String, byte[]> consumer, Supplier<Producer<String, byte[]>> producers,
                  Map<String, Object> clientConfig, SchedulerMetrics metrics, MeterRegistry registry) {
        this.parts = new Resources("firing " + settings.instanceId());
        try {
            LinkedBlockingQueue<String> dueTimings = new LinkedBlockingQueue<>();
            engine = parts.add("Quartz", new TriggerEngine(settings.instanceId(), dueTimings));
            // closed after the loop: its refresh thread holds the consumer, and through it every schedule
            parts.add("consumer metrics", new KafkaClientMetrics(consumer)).bindTo(registry);
            ScheduleRestorer restorer = new ScheduleRestorer(settings.topics(), clientConfig, RESTORE_TIMEOUT);
            // closed by the loop's thread, which alone uses it
            RunEnds runEnds = new RunEnds(restorer.groupLessConsumer());
            CalendarFollower calendars = new CalendarFollower(restorer.groupLessConsumer(), settings.topics().calendars());
            loop = new FiringLoop(settings, consumer, producers, engine, dueTimings, restorer, runEnds, calendars, metrics);
            loopThread = parts.add("firing loop", new LoopThread("scheduler-loop", loop, loop::stop, LOOP_STOP_TIMEOUT));
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
        // the instants Quartz times: those with a fire due within the timing horizon, not every schedule
        registry.gauge("scheduler.timing.quartz.triggers", engine, TriggerEngine::size);
    }

    /** Joins the scheduler group and starts firing. */
    public void start() {
        lifecycle.running();
        loopThread.start();
    }

    /** Whether the firing loop runs on its thread. */
    public boolean isRunning() {
        return lifecycle.isRunning() && loop.isRunning() && loopThread.isAlive();
    }

    /** Whether the group has assigned this instance its partitions at least once, and their schedules are loaded. */
    public boolean joined() {
        return loop.joined();
    }

    /** Lets the loop finish its transaction and leave the group (within a bound), then stops Quartz. */
    @Override
    public void close() {
        lifecycle.close(parts);
    }

}

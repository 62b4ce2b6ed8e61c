package dev.eventscheduler.benchmarks;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.SchedulerService;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code capacity}: cron schedules firing every five minutes, spread over the five minutes, written
 * before a fresh scheduler starts. Heap in use after GC per schedule (the difference the scheduler
 * makes, the broker in this JVM included in both readings), the time from start to every schedule
 * loaded and the first fire visible, and fire lag, duplicates and missing fires while they run.
 */
final class CapacityScenario implements Scenario {

    private static final int SECONDS_IN_FIVE_MINUTES = 300;

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public String description() {
        return "cron schedules every 5 minutes: heap per schedule, restore time, fire lag";
    }

    @Override
    public Map<String, Double> run(BenchContext context) throws Exception {
        int count = context.size(1_000_000, 10_000);
        int seconds = context.size(30, 2);
        Topics topics = context.newSystemTopics();
        context.progress(name(), "writing " + count + " schedules");
        // every five minutes at second slot % 60 of minute slot / 60 (mod 5): 1/300 of them due each second
        context.writeSchedules(topics, count, i -> ScheduleDefinition.of(String.format("cap-%07d", i), "noop",
                Trigger.Cron.of((slotOf(i) % 60) + " " + slotOf(i) / 60 + "/5 * * * ?")));
        int[] duePerSecondOfFiveMinutes = new int[SECONDS_IN_FIVE_MINUTES];
        for (int i = 0; i < count; i++) {
            duePerSecondOfFiveMinutes[slotOf(i)]++;
        }
        long heapBefore = usedHeapAfterGc();
        long started = System.nanoTime();
        try (VisibleRecords<FiredTime> tasks = new VisibleRecords<>(context, topics.tasks(), new FiredTime.Reader());
             SchedulerService scheduler = context.scheduler(topics).build().start()) {
            BenchContext.awaitLoaded(scheduler, count);
            BenchContext.await("the status tracker's catalog", Duration.ofMinutes(5),
                    () -> scheduler.tracker().catalog().size() >= count);
            boolean[] fired = new boolean[1];
            tasks.readUntil(System.currentTimeMillis() + 10_000, () -> fired[0], (event, visibleAt) -> fired[0] = true);
            double restoreSeconds = RawKafka.seconds(started);
            context.progress(name(), "restored and firing after " + Math.round(restoreSeconds) + " s");
            double bytesPerSchedule = (usedHeapAfterGc() - heapBefore) / (double) count;
            long from = System.currentTimeMillis() + 1_000;
            FireLog fires = new FireLog(from, from + seconds * 1_000L);
            tasks.readCommittedBy(name(), from + seconds * 1_000L + context.size(2_000, 1_000), (event, visibleAt) ->
                    fires.add(event.eventId(), event.scheduledAtMillis(), visibleAt));
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("heap bytes/schedule", bytesPerSchedule);
            figures.put("restore to firing s", restoreSeconds);
            figures.put("fires/s while running", fires.distinct() / (double) seconds);
            figures.putAll(fires.lagFigures(""));
            figures.putAll(fires.exactlyOnceFigures(dueBetween(duePerSecondOfFiveMinutes, from, from + seconds * 1_000L)));
            return figures;
        }
    }

    /** Which second of every five minutes schedule {@code i} fires at: the same layout writes and counts them. */
    private static int slotOf(int i) {
        return (i / 60) % 5 * 60 + i % 60;
    }

    /**
     * How many fires fall in {@code [fromMillis, toMillis)}: the schedules due at each whole second in
     * it, by the second's place in its five minutes (minute of the hour mod 5, second of the minute).
     */
    static long dueBetween(int[] duePerSecondOfFiveMinutes, long fromMillis, long toMillis) {
        long due = 0;
        for (long second = Math.floorDiv(fromMillis + 999, 1_000); second * 1_000 < toMillis; second++) {
            due += duePerSecondOfFiveMinutes[(int) (second % SECONDS_IN_FIVE_MINUTES)];
        }
        return due;
    }

    /** Heap in use after a full collection, the lowest of a few readings. */
    private static long usedHeapAfterGc() throws InterruptedException {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            lowest = Math.min(lowest, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }
}

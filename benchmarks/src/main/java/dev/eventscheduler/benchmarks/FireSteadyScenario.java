package dev.eventscheduler.benchmarks;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.SchedulerService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code fire-steady}: schedules each firing every second, spread over the second, on one
 * scheduler in this JVM. Fire lag is the moment a fire is visible to a {@code read_committed}
 * consumer minus its scheduled time; duplicates and missing fires must be 0.
 */
final class FireSteadyScenario implements Scenario {

    @Override
    public String name() {
        return "fire-steady";
    }

    @Override
    public String description() {
        return "schedules firing every second, spread over the second: visible fire lag";
    }

    @Override
    public Map<String, Double> run(BenchContext context) throws Exception {
        int schedules = context.size(10_000, 500);
        int seconds = context.size(30, 2);
        Topics topics = context.newSystemTopics();
        context.writeSchedules(topics, schedules, everySecondSpread("steady-", schedules));
        try (SchedulerService scheduler = context.scheduler(topics).build().start();
             VisibleRecords<FiredTime> tasks = new VisibleRecords<>(context, topics.tasks(), new FiredTime.Reader())) {
            BenchContext.awaitLoaded(scheduler, schedules);
            // measure from the next whole second after the load (two in a full run), when every schedule is firing
            long from = (System.currentTimeMillis() / 1_000 + context.size(2, 1)) * 1_000;
            long to = from + seconds * 1_000L;
            context.progress(name(), schedules + " schedules loaded; measuring " + seconds + " s");
            FireLog fires = new FireLog(from, to);
            tasks.readCommittedBy(name(), to + context.size(2_000, 500), (event, visibleAt) -> fires.add(event.eventId(),
                    event.scheduledAtMillis(), visibleAt));
            Map<String, Double> figures = new LinkedHashMap<>(fires.lagFigures(""));
            figures.putAll(fires.exactlyOnceFigures((long) schedules * seconds));
            return figures;
        }
    }

    /** Schedule {@code i} of {@code count} fires every second at its own offset into the second. */
    static java.util.function.IntFunction<ScheduleDefinition> everySecondSpread(String prefix, int count) {
        long base = (System.currentTimeMillis() / 1_000 + 1) * 1_000;
        return i -> ScheduleDefinition.of(prefix + i, "noop",
                new Trigger.Interval(1_000, Instant.ofEpochMilli(base + (long) i * 1_000 / count), null));
    }
}

package dev.eventscheduler.benchmarks;

import dev.eventscheduler.executor.Executor;
import dev.eventscheduler.model.TaskResult;
import dev.eventscheduler.model.kafka.TaskResultDeserializer;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.SchedulerService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code e2e}: schedules firing every second, spread over the second, run by one executor: latency
 * from the scheduled time to the final result visible on the results topic to a
 * {@code read_committed} consumer.
 */
final class EndToEndScenario implements Scenario {

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String description() {
        return "schedules firing 1,000 times a second, run by an executor: scheduled to final result visible";
    }

    @Override
    public Map<String, Double> run(BenchContext context) throws Exception {
        int schedules = context.size(1_000, 200);
        int seconds = context.size(30, 2);
        Topics topics = context.newSystemTopics();
        context.writeSchedules(topics, schedules, FireSteadyScenario.everySecondSpread("e2e-", schedules));
        try (VisibleRecords<TaskResult> results = new VisibleRecords<>(context, topics.results(), new TaskResultDeserializer());
             Executor executor = context.executor(topics).build().start();
             SchedulerService scheduler = context.scheduler(topics).build().start()) {
            BenchContext.awaitLoaded(scheduler, schedules);
            BenchContext.await("the executor's partitions", Duration.ofMinutes(1), () -> executor.assignedPartitions() > 0);
            long from = (System.currentTimeMillis() / 1_000 + context.size(2, 1)) * 1_000;
            long to = from + seconds * 1_000L;
            context.progress(name(), schedules + " schedules loaded; measuring " + seconds + " s");
            FireLog finals = new FireLog(from, to);
            results.readCommittedBy(name(), to + context.size(2_000, 500), (result, visibleAt) -> {
                if (result.status().endsRun()) {
                    finals.add(result.eventId(), result.scheduledAt().toEpochMilli(), visibleAt);
                }
            });
            Map<String, Double> figures = new LinkedHashMap<>(finals.lagFigures("result "));
            figures.putAll(finals.exactlyOnceFigures((long) schedules * seconds));
            return figures;
        }
    }
}

package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz as the timing engine, and nothing more: an in-memory job store holding one trigger per
 * loaded schedule, whose job only hands the due time to the firing loop's queue. Which times exist
 * and what happens to them is decided elsewhere; Quartz says when.
 */
public final class TriggerEngine implements AutoCloseable {

    /** Quartz worker threads; more did not help on 2 cores, where the single scheduler thread is the ceiling. */
    public static final int THREADS = 4;
    private static final String FIRES = "fires";

    private final Scheduler quartz;

    public TriggerEngine(String instanceName, BlockingQueue<Fire> fires) {
        Properties properties = quartzProperties("scheduler-" + instanceName);
        try {
            quartz = new StdSchedulerFactory(properties).getScheduler();
            quartz.getContext().put(FIRES, fires);
            quartz.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start Quartz", e);
        }
    }

    /**
     * The Quartz settings of the timing engine: the in-memory job store, {@value #THREADS} worker
     * threads acquiring up to as many triggers at once. Public so benchmarks measure raw Quartz with
     * exactly these settings.
     */
    public static Properties quartzProperties(String instanceName) {
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, instanceName);
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_MAX_BATCH_SIZE, Integer.toString(THREADS));
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", instanceName + "-quartz");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        // a late fire is still fired with its own scheduled time; misses across loads are planned by MisfirePlanner
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        return properties;
    }

    /**
     * Times {@code definition} from {@code first} on (its first time after the planned catch-up),
     * replacing any earlier timing of the same schedule. Nothing is timed when {@code first} is null.
     */
    public void schedule(ScheduleDefinition definition, Instant first) {
        unschedule(definition.id());
        if (first == null) {
            return;
        }
        JobDetail job = JobBuilder.newJob(FireJob.class).withIdentity(definition.id()).build();
        TriggerBuilder<org.quartz.Trigger> trigger = TriggerBuilder.newTrigger().withIdentity(definition.id())
                .startAt(Date.from(first));
        org.quartz.Trigger timed = switch (kindOf(definition.trigger())) {
            case CRON -> {
                Trigger.Cron cron = (Trigger.Cron) definition.trigger();
                yield trigger.withSchedule(CronScheduleBuilder.cronSchedule(FireTimes.cronExpression(cron))
                        .withMisfireHandlingInstructionIgnoreMisfires()).build();
            }
            case INTERVAL -> {
                Trigger.Interval interval = (Trigger.Interval) definition.trigger();
                TriggerBuilder<org.quartz.SimpleTrigger> simple = trigger.withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.intervalMs()).repeatForever()
                        .withMisfireHandlingInstructionIgnoreMisfires());
                yield (interval.endAt() == null ? simple : simple.endAt(Date.from(interval.endAt()))).build();
            }
            case ONE_SHOT -> trigger.withSchedule(SimpleScheduleBuilder.simpleSchedule()
                    .withMisfireHandlingInstructionFireNow()).build();
        };
        try {
            quartz.scheduleJob(job, timed);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot time schedule " + definition.id() + ": " + e.getMessage(), e);
        }
    }

    /** Stops timing the schedule; a no-op when it was not timed. */
    public void unschedule(String scheduleId) {
        try {
            quartz.deleteJob(JobKey.jobKey(scheduleId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop timing schedule " + scheduleId, e);
        }
    }

    /** How many schedules are timed now. */
    public int size() {
        try {
            return quartz.getJobKeys(org.quartz.impl.matchers.GroupMatcher.anyJobGroup()).size();
        } catch (SchedulerException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            quartz.shutdown(false);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop Quartz", e);
        }
    }

    private enum Kind { CRON, INTERVAL, ONE_SHOT }

    private static Kind kindOf(Trigger trigger) {
        return trigger instanceof Trigger.Cron ? Kind.CRON : trigger instanceof Trigger.Interval ? Kind.INTERVAL : Kind.ONE_SHOT;
    }

    /** Hands the due time to the firing loop; never blocks. */
    public static final class FireJob implements Job {
        @Override
        @SuppressWarnings("unchecked")
        public void execute(JobExecutionContext context) {
            try {
                BlockingQueue<Fire> fires = (BlockingQueue<Fire>) context.getScheduler().getContext().get(FIRES);
                fires.add(new Fire(context.getJobDetail().getKey().getName(),
                        context.getScheduledFireTime().toInstant(), context.getFireTime().toInstant()));
            } catch (SchedulerException e) {
                throw new IllegalStateException("Quartz context without the fire queue", e);
            }
        }
    }
}

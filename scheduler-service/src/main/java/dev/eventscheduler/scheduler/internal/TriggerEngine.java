package dev.eventscheduler.scheduler.internal;

import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Quartz as the timing engine, and nothing more: an in-memory job store holding one one-shot trigger
 * for each fire due within the timing horizon (see {@link NextFireIndex}), whose job only
 * hands the due time to the firing loop's queue. Which times exist and what happens to them is
 * decided elsewhere; Quartz says when.
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
     * Fires {@code scheduleId} once at {@code at}: a one-shot trigger named {@code <scheduleId>@<epochMillis>},
     * which removes itself once it has fired. A time already past fires at once, still with {@code at}
     * as its scheduled time.
     */
    public void time(String scheduleId, Instant at) {
        String name = name(scheduleId, at);
        // a job of its own per trigger: RAMJobStore lists a job's triggers on every removal, so one
        // shared job would make each fire cost O(triggers held)
        JobDetail job = JobBuilder.newJob(FireJob.class).withIdentity(name).build();
        org.quartz.Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name).startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionIgnoreMisfires()).build();
        try {
            quartz.scheduleJob(job, trigger);
        } catch (ObjectAlreadyExistsException e) {
            // already timed for exactly this time: nothing to do
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot time schedule " + scheduleId + " at " + at + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the timing of {@code scheduleId} at {@code at}; a no-op when it has fired, was never
     * timed, or Quartz is already shut down (a firing loop slow to stop revokes its partitions late).
     */
    public void untime(String scheduleId, Instant at) {
        try {
            if (quartz.isShutdown()) {
                return;
            }
            quartz.unscheduleJob(TriggerKey.triggerKey(name(scheduleId, at)));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop timing schedule " + scheduleId, e);
        }
    }

    /** How many fires Quartz holds now. */
    public int size() {
        try {
            return quartz.getTriggerKeys(GroupMatcher.anyTriggerGroup()).size();
        } catch (SchedulerException e) {
            return -1;
        }
    }

    /** The name of the job and trigger; '@' never occurs in a schedule id, so the id is everything before the last one. */
    private static String name(String scheduleId, Instant at) {
        return scheduleId + "@" + at.toEpochMilli();
    }

    @Override
    public void close() {
        try {
            quartz.shutdown(false);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop Quartz", e);
        }
    }

    /** Hands the due time to the firing loop; never blocks. */
    public static final class FireJob implements Job {
        @Override
        @SuppressWarnings("unchecked")
        public void execute(JobExecutionContext context) {
            try {
                BlockingQueue<Fire> fires = (BlockingQueue<Fire>) context.getScheduler().getContext().get(FIRES);
                String name = context.getTrigger().getKey().getName();
                fires.add(new Fire(name.substring(0, name.lastIndexOf('@')), context.getScheduledFireTime().toInstant(),
                        context.getFireTime().toInstant()));
            } catch (SchedulerException e) {
                throw new IllegalStateException("Quartz context without the fire queue", e);
            }
        }
    }
}

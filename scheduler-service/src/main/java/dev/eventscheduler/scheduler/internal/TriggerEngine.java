package dev.eventscheduler.scheduler.internal;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Quartz as the timing engine, and nothing more: an in-memory job store holding one one-shot trigger
 * for each instant at which some fire within the timing horizon is due (see {@link NextFireIndex}
 * and {@code docs/instant-timings.md}). Its job only hands the trigger's name to the firing loop's
 * queue. Which schedules are due at that instant, and what happens to them, is decided elsewhere;
 * Quartz says when.
 *
 * <p>Timings reach Quartz in batches ({@link #submit}), never one by one: Quartz's scheduler thread,
 * waiting for the trigger it took, remembers only the last time it was told of. A timing followed at
 * once by a later one was then left waiting behind the trigger taken, seconds late (see
 * {@code docs/instant-timings.md}). A batch tells it to look at every trigger again. {@link #scheduleAt},
 * {@link #unschedule} and {@link #submit} are for one thread, the firing loop's.
 *
 * <p>Public only for {@link #quartzProperties}, which the {@code quartz-only} benchmark runs raw
 * Quartz with, so its baseline has the scheduler's own settings; and for Quartz, which builds
 * {@link DueJob} by reflection.
 */
public final class TriggerEngine implements AutoCloseable {

    /** Quartz worker threads; more did not help on 2 cores, where the single scheduler thread is the ceiling. */
    static final int THREADS = 4;
    private static final String DUE = "due";

    private final Scheduler quartz;
    /** Makes each timing's name unique, so a name is never reused while a fired trigger is still being removed. */
    private final AtomicLong timings = new AtomicLong();
    /** Timings asked for since the last {@link #submit}, by name; Quartz has not seen them yet. */
    private final Map<String, Instant> unsubmitted = new LinkedHashMap<>();

    /**
     * Starts Quartz; each timing that comes due puts its name (as returned by {@link #scheduleAt}) on
     * {@code due}, once.
     */
    TriggerEngine(String instanceName, BlockingQueue<String> due) {
        Properties properties = quartzProperties("scheduler-" + instanceName);
        try {
            quartz = new StdSchedulerFactory(properties).getScheduler();
            quartz.getContext().put(DUE, due);
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
     * Times one instant: a one-shot trigger that puts its name on the due queue at {@code at} and
     * then removes itself. A time already past comes due at once. Quartz sees it at the next
     * {@link #submit}. Returns the timing's name, new on every call, named {@code <epochMillis>#<n>}
     * for the logs.
     */
    String scheduleAt(Instant at) {
        String name = at.toEpochMilli() + "#" + timings.incrementAndGet();
        unsubmitted.put(name, at);
        return name;
    }

    /**
     * Hands Quartz every timing asked for since the last call, in one batch. Quartz then looks at all
     * of its triggers again, so the soonest comes due first, whichever order they were asked for in.
     * Call it before waiting for timings to come due.
     */
    void submit() {
        if (unsubmitted.isEmpty()) {
            return;
        }
        Map<JobDetail, Set<? extends org.quartz.Trigger>> batch = new LinkedHashMap<>();
        unsubmitted.forEach((name, at) -> {
            // a job of its own per trigger: RAMJobStore lists a job's triggers on every removal, so one
            // shared job would make each fire cost O(triggers held)
            JobDetail job = JobBuilder.newJob(DueJob.class).withIdentity(name).build();
            batch.put(job, Set.of(TriggerBuilder.newTrigger().withIdentity(name).startAt(Date.from(at))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionIgnoreMisfires())
                    .build()));
        });
        try {
            quartz.scheduleJobs(batch, false);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot time " + unsubmitted.size() + " instants, the first asked for "
                    + unsubmitted.values().iterator().next() + ": " + e.getMessage(), e);
        }
        unsubmitted.clear();
    }

    /**
     * Removes the timing {@code name}; a no-op when it has come due, or Quartz is already shut down
     * (a firing loop slow to stop revokes its partitions late).
     */
    void unschedule(String name) {
        if (unsubmitted.remove(name) != null) {
            return;
        }
        try {
            if (quartz.isShutdown()) {
                return;
            }
            quartz.unscheduleJob(TriggerKey.triggerKey(name));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot remove timing " + name, e);
        }
    }

    /** How many timings Quartz holds now; those not {@linkplain #submit submitted} yet are not among them. */
    int size() {
        try {
            return quartz.getTriggerKeys(GroupMatcher.anyTriggerGroup()).size();
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

    /** Hands the due timing's name to the firing loop; never blocks. */
    public static final class DueJob implements Job {
        @Override
        @SuppressWarnings("unchecked")
        public void execute(JobExecutionContext context) {
            try {
                BlockingQueue<String> due = (BlockingQueue<String>) context.getScheduler().getContext().get(DUE);
                due.add(context.getTrigger().getKey().getName());
            } catch (SchedulerException e) {
                throw new IllegalStateException("Quartz context without the due queue", e);
            }
        }
    }
}

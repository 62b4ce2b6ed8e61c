package dev.eventscheduler.benchmarks;

import dev.eventscheduler.scheduler.internal.TriggerEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * {@code quartz-only}: raw Quartz with the scheduler's own settings ({@link TriggerEngine#quartzProperties})
 * and no-op jobs: the ceiling the firing path is compared with. A burst of triggers due within one
 * second gives fires/s; triggers each firing every second, spread over the second, give fire lag.
 */
final class QuartzOnly implements Scenario {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    static volatile CountDownLatch firesLeft;
    static volatile AtomicLong lastFireNanos;
    static volatile long[] lagMillis;
    static final AtomicInteger LAG_INDEX = new AtomicInteger();

    @Override
    public String name() {
        return "quartz-only";
    }

    @Override
    public String description() {
        return "raw Quartz, RAM job store, the scheduler's settings, no-op jobs";
    }

    @Override
    public Map<String, Double> run(BenchContext context) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("burst fires/s", burstRate(context));
        long[] lags = steady(context.size(10_000, 1_000), context.size(10, 2), context.size(2_000, 1_000));
        figures.put("steady lag p50 ms", Stats.percentile(lags, 50));
        figures.put("steady lag p99 ms", Stats.percentile(lags, 99));
        return figures;
    }

    /** One burst's fires/s; also run by {@code fire-burst} right before each of its bursts. */
    static double burstRate(BenchContext context) throws Exception {
        return burst(context.size(100_000, 10_000), context.size(3_000, 1_500));
    }

    /**
     * {@code count} one-shot triggers due within one second, {@code leadMs} after they are scheduled;
     * fires per second from the window's start to the last fire.
     */
    private static double burst(int count, long leadMs) throws Exception {
        Scheduler quartz = quartz();
        firesLeft = new CountDownLatch(count);
        lastFireNanos = new AtomicLong();
        long windowStart = System.currentTimeMillis() + leadMs;
        for (int i = 0; i < count; i++) {
            quartz.scheduleJob(JobBuilder.newJob(BurstJob.class).withIdentity("b" + i).build(),
                    TriggerBuilder.newTrigger().withIdentity("b" + i)
                            .startAt(new java.util.Date(windowStart + (long) i * 1_000 / count)).build());
        }
        long windowStartNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(windowStart - System.currentTimeMillis());
        quartz.start();
        firesLeft.await(60, TimeUnit.SECONDS);
        quartz.shutdown(false);
        return count / ((lastFireNanos.get() - windowStartNanos) / 1e9);
    }

    /** {@code count} triggers every second, spread over the second, for {@code seconds} from {@code leadMs} on: fire lag in ms. */
    private static long[] steady(int count, int seconds, long leadMs) throws Exception {
        Scheduler quartz = quartz();
        lagMillis = new long[count * (seconds + 2)];
        LAG_INDEX.set(0);
        long start = System.currentTimeMillis() + leadMs;
        for (int i = 0; i < count; i++) {
            quartz.scheduleJob(JobBuilder.newJob(SteadyJob.class).withIdentity("s" + i).build(),
                    TriggerBuilder.newTrigger().withIdentity("s" + i)
                            .startAt(new java.util.Date(start + (long) i * 1_000 / count))
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(1_000)
                                    .withRepeatCount(seconds - 1)).build());
        }
        quartz.start();
        Thread.sleep(start - System.currentTimeMillis() + seconds * 1_000L + 500);
        quartz.shutdown(false);
        long[] lags = new long[Math.min(LAG_INDEX.get(), lagMillis.length)];
        System.arraycopy(lagMillis, 0, lags, 0, lags.length);
        return lags;
    }

    private static Scheduler quartz() throws Exception {
        return new StdSchedulerFactory(TriggerEngine.quartzProperties("bench-quartz-" + INSTANCES.incrementAndGet()))
                .getScheduler();
    }

    /** Counts down; nothing else, like the engine's own job. */
    public static final class BurstJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            lastFireNanos.set(System.nanoTime());
            firesLeft.countDown();
        }
    }

    /** Records how late it fired. */
    public static final class SteadyJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            int i = LAG_INDEX.getAndIncrement();
            if (i < lagMillis.length) {
                lagMillis[i] = Math.max(0, context.getFireTime().getTime() - context.getScheduledFireTime().getTime());
            }
        }
    }
}

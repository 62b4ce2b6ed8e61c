package dev.eventscheduler.benchmarks;

import java.util.Map;

/** One measurement: run once, it returns its figures by name (e.g. {@code records/s}). */
interface Scenario {

    String name();

    /** What it measures, for the table. */
    String description();

    /** Runs once and returns its figures; a quick run is smaller and bounded to seconds. */
    Map<String, Double> run(BenchContext context) throws Exception;

    /** Whether it runs on the broker the benchmarks start for all (the soak starts a cluster of its own). */
    default boolean usesSharedBroker() {
        return true;
    }
}

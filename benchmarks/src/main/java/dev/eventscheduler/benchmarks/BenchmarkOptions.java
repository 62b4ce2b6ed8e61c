package dev.eventscheduler.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one invocation of the benchmarks asks for, read from its command line.
 *
 * @param scenarios the scenarios to run, in order; {@code all} stands for every one
 * @param runs      measured runs of each scenario (3 by default, 1 with {@code --quick} or for the soak alone)
 * @param warmups   runs before the measured ones (2 by default, none with {@code --quick} or for the soak alone)
 * @param quick     smaller, shorter runs whose figures only show that the benchmarks work
 * @param out       where {@code results.json} and {@code results.md} go
 * @param bootstrap a broker to use rather than starting one, or null
 * @param minutes   how long the {@code soak} runs ({@value #DEFAULT_SOAK_MINUTES} by default, {@value #QUICK_SOAK_MINUTES} with {@code --quick})
 * @param help      only print the usage
 */
record BenchmarkOptions(List<Scenario> scenarios, int runs, int warmups, boolean quick, Path out, String bootstrap,
                        int minutes, boolean help) {

    /** The soak's length by default: long enough for a leak or a slow drift to show, short enough for an afternoon. */
    static final int DEFAULT_SOAK_MINUTES = 30;
    static final int QUICK_SOAK_MINUTES = 2;
    /** The longest soak: a day. */
    static final int MAX_SOAK_MINUTES = 24 * 60;

    /** Measured runs of each scenario, whose median, min and max are reported. */
    static final int DEFAULT_RUNS = 3;
    /**
     * Runs of each scenario before the measured ones. Two, because on 2 cores the JIT is still
     * compiling Kafka's and Jackson's hot paths through the first run after one warm-up: the
     * executor's CPU per task fell 25, 15, 12, 10, 9.5 us over five drains, and fire-steady's lag
     * p99 138, 105, 70, 72, 65 ms over five runs (see docs/performance-history.md).
     */
    static final int DEFAULT_WARMUPS = 2;

    static final String USAGE = """
            usage: java -jar benchmarks/target/benchmarks.jar all|SCENARIO... [options]
              scenarios: %s (all), and %s (on its own, not in all)
              --runs N            measured runs of each scenario (default %d, 1 with --quick or soak alone)
              --warmups N         runs before the measured ones (default %d, 0 with --quick or soak alone)
              --quick             small runs, about a minute for all: a smoke test, not results
              --out DIR           where results.json and results.md go (default benchmarks/results)
              --bootstrap H:P     use this broker (or set KAFKA_BOOTSTRAP_SERVERS) instead of starting one
              --minutes N         how long the soak runs (default %d, %d with --quick; at most %d)
              --help              print this"""
            .formatted(String.join(", ", names()), String.join(", ", onDemandNames()), DEFAULT_RUNS, DEFAULT_WARMUPS,
                    DEFAULT_SOAK_MINUTES, QUICK_SOAK_MINUTES, MAX_SOAK_MINUTES);

    /**
     * Reads {@code args}; {@code environmentBootstrap} is {@code KAFKA_BOOTSTRAP_SERVERS}, or null.
     *
     * @throws IllegalArgumentException naming what is wrong: an unknown scenario or option, a missing
     *                                  or non-numeric value, a negative count, or no scenario at all
     */
    static BenchmarkOptions parse(String[] args, String environmentBootstrap) {
        List<Scenario> scenarios = new ArrayList<>();
        Integer runs = null;
        Integer warmups = null;
        boolean quick = false;
        Path out = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "results") : Path.of("results");
        String bootstrap = environmentBootstrap;
        Integer minutes = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return new BenchmarkOptions(List.of(), 0, 0, false, out, bootstrap, 0, true);
                }
                case "--minutes" -> minutes = count(args, ++i, "--minutes", 1);
                case "--runs" -> runs = count(args, ++i, "--runs", 1);
                case "--warmups" -> warmups = count(args, ++i, "--warmups", 0);
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--bootstrap" -> bootstrap = value(args, ++i, "--bootstrap");
                case "all" -> scenarios.addAll(BenchmarkMain.SCENARIOS);
                default -> scenarios.add(scenario(args[i]));
            }
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("name the scenarios to run, or all");
        }
        // a quick run is a smoke test: its figures are not results, so nothing is warmed up or repeated unless asked
        if (minutes != null && minutes > MAX_SOAK_MINUTES) {
            throw new IllegalArgumentException("--minutes must be at most " + MAX_SOAK_MINUTES + ", not " + minutes);
        }
        // a soak is one long run, measured from its start: nothing is repeated or warmed up unless asked
        boolean once = quick || BenchmarkMain.ON_DEMAND.containsAll(scenarios);
        return new BenchmarkOptions(List.copyOf(scenarios), runs != null ? runs : once ? 1 : DEFAULT_RUNS,
                warmups != null ? warmups : once ? 0 : DEFAULT_WARMUPS, quick, out, bootstrap,
                minutes != null ? minutes : quick ? QUICK_SOAK_MINUTES : DEFAULT_SOAK_MINUTES, false);
    }

    private static Scenario scenario(String name) {
        if (name.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + name);
        }
        return java.util.stream.Stream.concat(BenchmarkMain.SCENARIOS.stream(), BenchmarkMain.ON_DEMAND.stream())
                .filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "'; known: "
                        + String.join(", ", names()) + ", " + String.join(", ", onDemandNames()) + ", or all"));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int count(String[] args, int i, String option, int least) {
        String value = value(args, i, option);
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
        }
        if (count < least) {
            throw new IllegalArgumentException(option + " must be at least " + least + ", not " + count);
        }
        return count;
    }

    private static List<String> names() {
        return BenchmarkMain.SCENARIOS.stream().map(Scenario::name).toList();
    }

    private static List<String> onDemandNames() {
        return BenchmarkMain.ON_DEMAND.stream().map(Scenario::name).toList();
    }
}

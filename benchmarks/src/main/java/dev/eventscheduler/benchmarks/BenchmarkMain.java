package dev.eventscheduler.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.json.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar all|SCENARIO... [--runs N] [--warmups N] [--quick] [--out DIR] [--bootstrap HOST:PORT]}
 * ({@link BenchmarkOptions}; {@code --help} lists them, and a wrong one is named, with the usage, and exit code 2).
 * Starts a local broker in a process of its own ({@link BrokerProcess}) unless
 * {@code KAFKA_BOOTSTRAP_SERVERS} or {@code --bootstrap} names one,
 * runs each scenario after a warm-up of {@code --warmups} runs (2 by default, none with
 * {@code --quick}), {@code --runs} times (3 by default, 1 with {@code --quick}), and prints each run's figures, then median, min
 * and max of every figure next to its raw baseline from the same run; the same goes to
 * {@code results.json} and {@code results.md} in the output directory.
 */
public final class BenchmarkMain {

    /** Every scenario, baselines first, in the order {@code all} runs them. */
    static final List<Scenario> SCENARIOS = List.of(RawKafka.produce(), RawKafka.transactionalProduce(),
            RawKafka.pipeline(), new QuartzOnly(), new FireBurstScenario(), new FireSteadyScenario(), new ExecuteScenario(),
            new EndToEndScenario(), new CapacityScenario(), new FailoverScenario());
    /** Scenarios run only when named, never by {@code all}: the soak takes half an hour. */
    static final List<Scenario> ON_DEMAND = List.of(new SoakScenario());
    /**
     * Which baseline figure a scenario's figure is a ratio to. A CPU figure's ratio is to its
     * baseline's CPU figure: how many times the baseline's CPU per record each task costs.
     */
    static final Map<String, String> BASELINES = baselines();

    private BenchmarkMain() {
    }

    private static Map<String, String> baselines() {
        Map<String, String> baselines = new LinkedHashMap<>();
        baselines.put("fire-burst/fires/s", "fire-burst/" + FireBurstScenario.ADJACENT_BASELINE);
        String pipeline = "execute/" + ExecuteScenario.ADJACENT_BASELINE;
        for (String drained : List.of(ExecuteScenario.KAFKA_ONLY, ExecuteScenario.KAFKA_ONLY + ExecuteScenario.STARTED_OFF,
                "tasks/s", "tasks/s" + ExecuteScenario.STARTED_OFF, "tasks/s 2 executors")) {
            baselines.put("execute/" + drained, pipeline);
            baselines.put(TimedWindow.Cpu.machineFigure("execute/" + drained), TimedWindow.Cpu.machineFigure(pipeline));
            baselines.put(TimedWindow.Cpu.brokerFigure("execute/" + drained), TimedWindow.Cpu.brokerFigure(pipeline));
        }
        baselines.put("execute/sleep tasks/s", "execute/sleep ideal tasks/s");
        return Map.copyOf(baselines);
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "benchmarks-logback.xml");
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args, System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        run(options);
    }

    /** Runs what {@code options} ask for and returns the summary written to disk (none for {@code --help}). */
    static Map<String, Summary> run(BenchmarkOptions options) throws Exception {
        if (options.help()) {
            System.out.println(BenchmarkOptions.USAGE);
            return Map.of();
        }
        long invoked = System.nanoTime();
        boolean sharedBroker = options.scenarios().stream().anyMatch(Scenario::usesSharedBroker);
        BrokerProcess broker = options.bootstrap() == null && sharedBroker ? BrokerProcess.start() : null;
        try {
            BenchContext context = broker != null
                    ? new BenchContext(broker.bootstrapServers(), options.quick(), options.minutes(), Optional.of(broker.handle()))
                    : new BenchContext(options.bootstrap(), options.quick(), options.minutes(), Optional.empty());
            Map<String, Summary> summary = new LinkedHashMap<>();
            for (Scenario scenario : options.scenarios()) {
                System.out.printf("%s: %s%n", scenario.name(), scenario.description());
                // what the scenarios before left in the heap is collected now, not during this one's measurement
                System.gc();
                for (int warmup = 1; warmup <= options.warmups(); warmup++) {
                    runOnce(context, scenario, "warm-up", warmup, options.warmups());
                }
                Map<String, List<Double>> values = new LinkedHashMap<>();
                for (int run = 1; run <= options.runs(); run++) {
                    runOnce(context, scenario, "run", run, options.runs())
                            .forEach((figure, value) -> values.computeIfAbsent(figure, f -> new ArrayList<>()).add(value));
                }
                values.forEach((figure, list) -> summary.put(scenario.name() + "/" + figure,
                        new Summary(Stats.median(list), Stats.min(list), Stats.max(list), list.size())));
            }
            print(summary);
            write(options, summary);
            System.out.println("Finished in " + secondsSince(invoked) + ", the broker's start included");
            return summary;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** Runs {@code scenario} once, saying so before, and after with its figures and wall time. */
    private static Map<String, Double> runOnce(BenchContext context, Scenario scenario, String kind, int number, int of)
            throws Exception {
        context.progress(scenario.name(), kind + " " + number + " of " + of);
        long began = System.nanoTime();
        Map<String, Double> figures = scenario.run(context);
        context.progress(scenario.name(), kind + " " + number + ": " + describe(figures) + " (" + secondsSince(began) + ")");
        return figures;
    }

    /** A run's figures on one line, for progress output. */
    private static String describe(Map<String, Double> figures) {
        StringBuilder line = new StringBuilder();
        figures.forEach((figure, value) -> line.append(line.isEmpty() ? "" : ", ").append(figure).append(' ')
                .append(Stats.format(value)));
        return line.toString();
    }

    /** Wall time since {@code beganNanos}, set-up and checks included, so a reader sees where an invocation's time goes. */
    private static String secondsSince(long beganNanos) {
        return String.format("%.1f s", (System.nanoTime() - beganNanos) / 1e9);
    }

    /** One figure over the runs. */
    record Summary(double median, double min, double max, int runs) {
    }

    private static void print(Map<String, Summary> summary) {
        // as wide as the longest name, so that the numbers line up in columns
        String heading = "scenario/figure";
        String name = "%-" + Math.max(heading.length(), summary.keySet().stream().mapToInt(String::length).max().orElse(0)) + "s";
        System.out.printf("%n" + name + " %14s %14s %14s %10s%n", heading, "median", "min", "max", "vs base");
        summary.forEach((figure, s) -> System.out.printf(name + " %14s %14s %14s %10s%n", figure, Stats.format(s.median()),
                Stats.format(s.min()), Stats.format(s.max()), ratio(summary, figure)));
    }

    private static String ratio(Map<String, Summary> summary, String name) {
        String baseline = BASELINES.get(name);
        Summary base = baseline == null ? null : summary.get(baseline);
        return base == null ? "" : String.format("%.2fx", summary.get(name).median() / base.median());
    }

    private static void write(BenchmarkOptions options, Map<String, Summary> summary) throws IOException {
        Path out = options.out();
        boolean quick = options.quick();
        Files.createDirectories(out);
        ObjectNode json = EventJson.mapper().createObjectNode().put("date", Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024))
                .put("java", System.getProperty("java.version")).put("quick", quick)
                .put("warmups", options.warmups()).put("runs", options.runs());
        ArrayNode figures = json.putArray("figures");
        StringBuilder markdown = new StringBuilder("| scenario / figure | median | min | max | vs baseline |\n| --- | --- | --- | --- | --- |\n");
        summary.forEach((name, s) -> {
            figures.addObject().put("figure", name).put("median", s.median()).put("min", s.min()).put("max", s.max())
                    .put("vsBaseline", ratio(summary, name));
            markdown.append(String.format("| %s | %s | %s | %s | %s |%n", name, Stats.format(s.median()),
                    Stats.format(s.min()), Stats.format(s.max()), ratio(summary, name)));
        });
        Files.writeString(out.resolve("results.json"), EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.writeString(out.resolve("results.md"), "Measured " + json.get("date").asText() + " on "
                + json.get("cores").asInt() + " cores, Java " + json.get("java").asText() + (quick ? " (quick run)" : "")
                + ", " + options.runs() + " runs each after " + options.warmups() + " warm-up runs.\n\n" + markdown);
        System.out.println("Wrote " + out.resolve("results.json") + " and " + out.resolve("results.md"));
    }
}

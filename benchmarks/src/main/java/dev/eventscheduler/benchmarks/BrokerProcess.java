package dev.eventscheduler.benchmarks;

import dev.eventscheduler.localkafka.LocalKafkaMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local KRaft broker in a JVM of its own, as every real deployment has it: the broker's
 * allocations, collections and compilations are then not charged to the scheduler or executor
 * being measured, and each side has its own heap (see {@code docs/benchmark-broker.md}). The two
 * processes still share the machine's cores. The broker's output goes to a file in the temporary
 * directory, named in the error if it does not come up.
 */
final class BrokerProcess implements AutoCloseable {

    /** The broker's heap, as Kafka's own start script sets it ({@code KAFKA_HEAP_OPTS=-Xmx1G -Xms1G}). */
    static final String HEAP = "1g";
    /** How long the broker may take to accept clients. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** How long a clean stop may take before the process is killed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final String bootstrapServers;
    private final Thread stopOnExit;

    private BrokerProcess(Process process, Path log, String bootstrapServers) {
        this.process = process;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        // a benchmark stopped with Ctrl-C must not leave a broker running
        this.stopOnExit = new Thread(process::destroy, "benchmark-broker-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts {@link LocalKafkaMain} with this JVM's java and class path and waits until clients can connect. */
    static BrokerProcess start() throws IOException, InterruptedException {
        Path log = Files.createTempFile("benchmark-broker-", ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + HEAP, "-Xmx" + HEAP, "-cp", System.getProperty("java.class.path"), LocalKafkaMain.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Optional<String> ready = Files.readAllLines(log).stream()
                    .filter(line -> line.startsWith(LocalKafkaMain.READY_LINE_PREFIX)).findFirst();
            if (ready.isPresent()) {
                return new BrokerProcess(process, log, ready.get().substring(LocalKafkaMain.READY_LINE_PREFIX.length()).trim());
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the local broker did not start within " + START_TIMEOUT.toSeconds()
                + " s (exit " + (process.isAlive() ? "none" : process.exitValue()) + "); its output is in " + log);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's process, whose CPU time the benchmarks' figures include. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Stops the broker cleanly (SIGTERM), killing it if that takes longer than {@link #STOP_TIMEOUT}. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting, and the hook is stopping the broker anyway
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // only a temporary file left behind
        }
    }
}

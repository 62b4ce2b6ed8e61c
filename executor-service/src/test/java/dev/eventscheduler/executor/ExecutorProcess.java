package dev.eventscheduler.executor;

import dev.eventscheduler.model.config.Environment;
import dev.eventscheduler.localkafka.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An executor in a JVM of its own ({@link ExecutorMain}, configured through the environment as in
 * production), so a test can crash it for real: {@link #kill()} is {@code kill -9}, and the process
 * publishes and commits nothing more. Closing kills what is still running.
 */
final class ExecutorProcess implements AutoCloseable {

    private final JavaProcess process;
    private final Path log;

    private ExecutorProcess(JavaProcess process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts an executor on {@code kit}'s topics and group, with the kit's quick session, as {@code executorId}. */
    static ExecutorProcess start(ExecutorTestKit kit, String executorId, int concurrency) {
        try {
            Path log = Files.createTempFile(executorId, ".log");
            return new ExecutorProcess(JavaProcess.start(ExecutorMain.class.getName(), List.of(), Map.of(
                    Environment.KAFKA_BOOTSTRAP_SERVERS, kit.kafka.bootstrapServers(),
                    Environment.TOPIC_PREFIX, kit.topics.prefix(),
                    ExecutorMain.GROUP_ID, kit.groupId,
                    ExecutorMain.EXECUTOR_ID, executorId,
                    ExecutorMain.CONCURRENCY, String.valueOf(concurrency),
                    ExecutorMain.HTTP_PORT, "-1",
                    "KAFKA_SESSION_TIMEOUT_MS", "6000",
                    "KAFKA_HEARTBEAT_INTERVAL_MS", "500"), "256m", log), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the process as {@code kill -9} does, and waits until it is gone. */
    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}

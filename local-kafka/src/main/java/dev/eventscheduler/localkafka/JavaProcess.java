package dev.eventscheduler.localkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service in a JVM of its own, started from this JVM's classpath with an environment, its output
 * in a log file: how a {@link LocalKafkaCluster}'s nodes and the crash and fault tests' services run,
 * so they can be killed. {@link #kill()} is signal 9 (no shutdown hook, no commit, no goodbye),
 * {@link #stop()} signal 15, {@link #freeze()} and {@link #thaw()} SIGSTOP and SIGCONT.
 */
public final class JavaProcess {

    /** How long a process gets to end after a signal before it is killed, and then to be gone. */
    private static final long END_SECONDS = 30;

    private final Process process;
    private final Path log;

    private JavaProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Runs {@code mainClass} with {@code args} and {@code env} on this JVM's classpath, at most {@code maxHeap} ("384m"). */
    public static JavaProcess start(String mainClass, List<String> args, Map<String, String> env, String maxHeap, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            return new JavaProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /** What the process has written so far; empty before it wrote anything. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /**
     * Waits until the process has written {@code text}, as a service's ready line; throws naming
     * {@code name} and the log when it ends first or does not write it within {@code atMost}.
     */
    public void awaitOutput(String name, String text, Duration atMost) {
        Await.until(name + " ready (see " + log + ")", atMost, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            return output().contains(text);
        });
    }

    /** Signal 9, then waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitEnd();
    }

    /** Signal 15: the process shuts down cleanly, or is killed when it takes too long. */
    public void stop() {
        process.destroy();
        awaitEnd();
    }

    /** Signal 15 to every one of {@code processes} at once, then waits for each as {@link #stop()} does. */
    public static void stopAll(Collection<JavaProcess> processes) {
        processes.forEach(running -> running.process.destroy());
        processes.forEach(JavaProcess::awaitEnd);
    }

    /**
     * SIGSTOP: the process stops answering but keeps its connections, as in a long pause or a hung
     * disk, until {@link #thaw()}.
     */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT: a frozen process goes on where it stopped. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What {@code jcmd <pid> command...} prints (the JDK's diagnostic commands: {@code GC.run} for a
     * full collection, {@code GC.class_histogram} for what the heap holds), or the failure's reason.
     */
    public String diagnose(String... command) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid())));
        line.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return jcmd.waitFor(END_SECONDS, TimeUnit.SECONDS) && jcmd.exitValue() == 0 ? output : "jcmd failed: " + output;
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "jcmd interrupted";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The exit code; only once the process has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    private void awaitEnd() {
        try {
            if (!process.waitFor(END_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(END_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

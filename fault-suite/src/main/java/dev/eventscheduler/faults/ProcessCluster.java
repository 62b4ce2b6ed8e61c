package dev.eventscheduler.faults;

import dev.eventscheduler.localkafka.Await;
import dev.eventscheduler.localkafka.FreePorts;
import dev.eventscheduler.localkafka.JavaProcess;
import dev.eventscheduler.localkafka.LocalKafkaCluster;
import dev.eventscheduler.localkafka.LocalKafkaMain;
import dev.eventscheduler.model.config.Environment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault harness: the local broker, scheduler instances and executor instances, each its own JVM
 * process on 127.0.0.1, started from the test classpath. Any of them can be killed with signal 9,
 * stopped with SIGTERM and started again with the same settings, or frozen (SIGSTOP) and thawed;
 * the broker restarts on the same data directory and ports. Every wait is bounded, and
 * {@link #close()} kills whatever is still running, even after a failure. Logs go to one file per
 * process under the work directory.
 */
public final class ProcessCluster implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path workDirectory;
    private final List<Integer> brokerPorts = FreePorts.distinct(2);
    private final int kafkaPort = brokerPorts.get(0);
    private final int controllerPort = brokerPorts.get(1);
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The three-broker cluster of {@link #onKafkaCluster}; null when the scenario runs on one {@link #broker()}. */
    private LocalKafkaCluster kafkaCluster;

    public ProcessCluster(Path workDirectory) {
        this.workDirectory = workDirectory;
        Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "fault-harness-cleanup"));
    }

    /**
     * A harness on a started three-node {@link LocalKafkaCluster} (replication factor 3,
     * {@code min.insync.replicas} 2) instead of one broker: its schedulers and executors create
     * their topics with three replicas and refuse to start without them.
     */
    public static ProcessCluster onKafkaCluster(Path workDirectory) {
        ProcessCluster harness = new ProcessCluster(workDirectory);
        harness.kafkaCluster = LocalKafkaCluster.builder().directory(workDirectory.resolve("kafka-cluster")).build();
        harness.kafkaCluster.start();
        return harness;
    }

    public String bootstrapServers() {
        return kafkaCluster != null ? kafkaCluster.bootstrapServers() : "127.0.0.1:" + kafkaPort;
    }

    /** The Kafka cluster of {@link #onKafkaCluster}. */
    public LocalKafkaCluster kafkaCluster() {
        return kafkaCluster;
    }

    /** What every service is given: the brokers and, on a cluster, the replication to create topics with. */
    private Map<String, String> kafkaEnvironment() {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers()));
        if (kafkaCluster != null) {
            env.put(Environment.REPLICATION_FACTOR, "3");
            env.put(Environment.REQUIRE_REPLICATION, "true");
        }
        return env;
    }

    /** A process of the cluster: what it runs, and how to ask it whether it is healthy. */
    public final class Node {
        final String name;
        private final String mainClass;
        private final List<String> args;
        private final Map<String, String> env;
        final int httpPort;
        private JavaProcess process;
        private Path log;
        private int starts;

        private Node(String name, String mainClass, List<String> args, Map<String, String> env, int httpPort) {
            this.name = name;
            this.mainClass = mainClass;
            this.args = args;
            this.env = env;
            this.httpPort = httpPort;
        }

        public String name() {
            return name;
        }

        /** Starts the process and waits until it is ready (the broker's ready line, a service's /health). */
        public Node start() {
            launch();
            awaitReady();
            return this;
        }

        /** Waits until a {@linkplain #launch() launched} process is ready, as {@link #start()} does. */
        public Node awaitStarted() {
            awaitReady();
            return this;
        }

        /** Starts the process without waiting for it: for one expected to stop by itself. */
        public Node launch() {
            if (isAlive()) {
                throw new IllegalStateException(name + " is already running");
            }
            log = workDirectory.resolve(name + "-" + (++starts) + ".log");
            process = JavaProcess.start(mainClass, args, env, "384m", log);
            return this;
        }

        /** Waits until the process has ended by itself, and returns its exit status. */
        public int awaitExit(Duration atMost) {
            Await.until(name + " ended", atMost, () -> !process.isAlive());
            return process.exitValue();
        }

        /** What the current run has written so far. */
        public String output() {
            return process.output();
        }

        public boolean isAlive() {
            return process != null && process.isAlive();
        }

        /** Signal 9: no shutdown hook, no commit, no goodbye. */
        public void kill() {
            process.kill();
        }

        /** SIGTERM: the process shuts down cleanly. */
        public void stop() {
            process.stop();
        }

        /** SIGSTOP, see {@link JavaProcess#freeze()}. */
        public void freeze() {
            process.freeze();
        }

        /** SIGCONT: a frozen process goes on where it stopped. */
        public void thaw() {
            process.thaw();
        }

        /** See {@link JavaProcess#diagnose}: a JDK diagnostic command run on this process. */
        public String diagnose(String... command) {
            return process.diagnose(command);
        }

        /** Whether {@code GET /health} answers 200 now. */
        public boolean healthy() {
            return status("/health") == 200;
        }

        /** The body of {@code GET path} as JSON, or an empty object when nothing answers. */
        public com.fasterxml.jackson.databind.JsonNode json(String path) {
            try {
                return dev.eventscheduler.model.json.EventJson.readTree(text(path));
            } catch (RuntimeException e) {
                return dev.eventscheduler.model.json.EventJson.mapper().createObjectNode();
            }
        }

        /** The body of {@code GET path} (its {@code /metrics}, say), or an empty string when nothing answers. */
        public String text(String path) {
            HttpResponse<String> response = get(path, HttpResponse.BodyHandlers.ofString());
            return response == null ? "" : response.body();
        }

        /** The HTTP status of {@code GET path}, or -1 when nothing answers. */
        public int status(String path) {
            HttpResponse<Void> response = get(path, HttpResponse.BodyHandlers.discarding());
            return response == null ? -1 : response.statusCode();
        }

        private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(5)).build(), body);
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        private void awaitReady() {
            if (httpPort <= 0) {
                process.awaitOutput(name, LocalKafkaMain.READY_LINE_PREFIX, START_TIMEOUT);
                return;
            }
            Await.until(name + " healthy", START_TIMEOUT, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
                }
                return healthy();
            });
        }
    }

    /** Starts every one of {@code nodes} at once and waits until each is ready: a faster start for a scenario's cast. */
    public static void startAll(Node... nodes) {
        Arrays.stream(nodes).forEach(Node::launch);
        Arrays.stream(nodes).forEach(Node::awaitStarted);
    }

    /** Waits until every one of {@code nodes} answers {@code /health} with 200; returns how long that took. */
    public static Duration awaitHealthy(Duration atMost, Node... nodes) {
        long started = System.nanoTime();
        Await.until("every one of " + Arrays.stream(nodes).map(node -> node.name).toList() + " healthy", atMost,
                () -> Arrays.stream(nodes).allMatch(Node::healthy));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The broker: the same ports and data directory on every start. */
    public Node broker() {
        return add(new Node("broker", LocalKafkaMain.class.getName(), List.of("--port", Integer.toString(kafkaPort),
                "--controller-port", Integer.toString(controllerPort), "--data-dir", workDirectory.resolve("kafka").toString()),
                Map.of(), -1));
    }

    /**
     * The whole system in one process ({@code StandaloneMain}): its own broker on this cluster's broker
     * ports and a data directory of its own, so a restart finds its schedules again. Start it instead
     * of {@link #broker()}; {@link Node#json} and {@link Node#healthy} ask its API.
     */
    public Node standalone(String name) {
        return standalone(name, Map.of());
    }

    /** The same with more environment; {@code KAFKA_BOOTSTRAP_SERVERS} among it makes it use that cluster and start no broker. */
    public Node standalone(String name, Map<String, String> extraEnv) {
        int port = FreePorts.next();
        List<String> args = List.of("--no-demo", "--data-dir", workDirectory.resolve(name).toString(),
                "--kafka-port", Integer.toString(kafkaPort), "--kafka-controller-port", Integer.toString(controllerPort));
        Map<String, String> env = new HashMap<>(Map.of("SCHEDULER_HTTP_PORT", Integer.toString(port),
                "EXECUTOR_HTTP_PORT", Integer.toString(FreePorts.next())));
        env.putAll(extraEnv);
        return add(new Node(name, "dev.eventscheduler.standalone.StandaloneMain", args, env, port));
    }

    public Node scheduler(String name, Map<String, String> extraEnv) {
        int port = FreePorts.next();
        Map<String, String> env = kafkaEnvironment();
        env.putAll(Map.of("SCHEDULER_HTTP_PORT", Integer.toString(port), "SCHEDULER_HTTP_HOST", "127.0.0.1",
                "SCHEDULER_INSTANCE_ID", name, "SCHEDULER_SCHEDULE_PARTITIONS", "6", "SCHEDULER_TASK_PARTITIONS", "6"));
        env.putAll(extraEnv);
        return add(new Node(name, "dev.eventscheduler.scheduler.SchedulerMain", List.of(), env, port));
    }

    /** An executor with a 6 s group session, so the scenarios that kill executors settle sooner. */
    public Node executor(String name, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_HEARTBEAT_INTERVAL_MS", "1000"));
        env.putAll(extraEnv);
        return executorWithDefaults(name, env);
    }

    /** An executor with the product's own group settings. */
    public Node executorWithDefaults(String name, Map<String, String> extraEnv) {
        int port = FreePorts.next();
        Map<String, String> env = kafkaEnvironment();
        env.putAll(Map.of("EXECUTOR_HTTP_PORT", Integer.toString(port), "EXECUTOR_ID", name,
                "SCHEDULER_SCHEDULE_PARTITIONS", "6", "SCHEDULER_TASK_PARTITIONS", "6"));
        env.putAll(extraEnv);
        return add(new Node(name, "dev.eventscheduler.executor.ExecutorMain", List.of(), env, port));
    }

    private Node add(Node node) {
        nodes.add(node);
        return node;
    }

    @Override
    public void close() {
        killAll();
        if (kafkaCluster != null) {
            kafkaCluster.close();
        }
    }

    private void killAll() {
        for (Node node : nodes) {
            if (node.isAlive()) {
                node.process.kill();
            }
        }
        if (kafkaCluster != null) {
            kafkaCluster.nodes().stream().filter(LocalKafkaCluster.Node::isRunning).forEach(LocalKafkaCluster.Node::kill);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.eventscheduler.localkafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-node Apache Kafka cluster on 127.0.0.1: by default three combined KRaft nodes (broker
 * and controller each), every node a {@link LocalKafkaMain} process of its own, so one can be
 * killed, stopped, frozen and started again while the others serve. Internal topics and topics
 * created without a replication factor get 3 replicas and {@code min.insync.replicas} 2, as
 * production clusters run. For the fault suite and benchmarks; the standalone quick start keeps its
 * single in-process node.
 *
 * <pre>{@code
 * try (LocalKafkaCluster cluster = LocalKafkaCluster.builder().build().start()) {
 *     String bootstrap = cluster.bootstrapServers();
 *     cluster.leaderOf("scheduler.tasks", 0).kill();
 * }
 * }</pre>
 *
 * <p>Each node's output goes to {@code node-<id>-<start>.log} in the cluster's directory. Every
 * wait is bounded. Not thread-safe: drive it from one thread.
 */
public final class LocalKafkaCluster implements AutoCloseable {

    /** Nodes of a cluster by default: the fewest that keep a majority and two in-sync replicas with one down. */
    public static final int DEFAULT_NODES = 3;
    /** Heap of each node's JVM by default. */
    public static final String DEFAULT_NODE_HEAP = "384m";
    /** How long starting the cluster, or one node, may take by default. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaCluster.class);

    private final Path directory;
    private final boolean deleteOnClose;
    private final String nodeHeap;
    private final Duration startTimeout;
    private final SortedMap<Integer, Node> nodes = new TreeMap<>();
    private Admin admin;

    private LocalKafkaCluster(Builder builder) {
        this.deleteOnClose = builder.directory == null;
        this.directory = builder.directory != null ? builder.directory.toAbsolutePath() : DataDirectory.temporary().path();
        this.nodeHeap = builder.nodeHeap;
        this.startTimeout = builder.startTimeout;
        List<Integer> ports = FreePorts.distinct(2 * builder.nodes);
        SortedMap<Integer, Integer> controllerPorts = new TreeMap<>();
        for (int id = 1; id <= builder.nodes; id++) {
            controllerPorts.put(id, ports.get(2 * id - 1));
        }
        String voters = new Quorum(controllerPorts).voters();
        String clusterId = Uuid.randomUuid().toString();
        for (int id = 1; id <= builder.nodes; id++) {
            nodes.put(id, new Node(id, ports.get(2 * id - 2), List.of("--node-id", Integer.toString(id),
                    "--port", Integer.toString(ports.get(2 * id - 2)), "--controller-quorum", voters,
                    "--cluster-id", clusterId, "--data-dir", directory.resolve("node-" + id).toString())));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node at once (a quorum forms only once a majority runs) and returns when each
     * answers clients and every broker is registered with the controller.
     */
    public LocalKafkaCluster start() {
        long started = System.nanoTime();
        nodes.values().forEach(Node::launch);
        nodes.values().forEach(Node::awaitReady);
        awaitRunningBrokers();
        log.info("Local Kafka cluster of {} nodes ready at {} in {} ms (data: {})", nodes.size(), bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), directory);
        return this;
    }

    /** Every node's client address, comma-separated: what clients bootstrap from. */
    public String bootstrapServers() {
        return nodes.values().stream().map(Node::bootstrapServer).collect(Collectors.joining(","));
    }

    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The node with id {@code id}, 1 to the number of nodes. */
    public Node node(int id) {
        Node node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id + "; nodes are " + nodes.keySet());
        }
        return node;
    }

    /** The node that leads partition {@code partition} of {@code topic} now. */
    public Node leaderOf(String topic, int partition) {
        TopicDescription description = await(admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
        return node(description.partitions().get(partition).leader().id());
    }

    /** The node that coordinates the transactions of {@code transactionalId} now (leads its {@code __transaction_state} partition). */
    public Node transactionCoordinatorOf(String transactionalId) {
        return node(await(admin().describeTransactions(List.of(transactionalId)).description(transactionalId)).coordinatorId());
    }

    /**
     * Waits until no partition of any topic, internal ones included, is under-replicated: every
     * replica is back in sync. What a rolling restart waits for before it takes the next node down.
     */
    public void awaitFullyReplicated(Duration atMost) {
        Await.until("every partition fully replicated", atMost, () -> underReplicatedPartitions() == 0);
    }

    /** Partitions, internal ones included, with fewer in-sync replicas than replicas. */
    public int underReplicatedPartitions() {
        var names = await(admin().listTopics(new ListTopicsOptions().listInternal(true)).names());
        return (int) await(admin().describeTopics(names).allTopicNames()).values().stream()
                .flatMap(topic -> topic.partitions().stream())
                .filter(p -> p.isr().size() < p.replicas().size())
                .count();
    }

    /** The directory holding each node's data and logs. */
    public Path directory() {
        return directory;
    }

    /**
     * Stops every node at once (one by one, the last would wait for a quorum that is gone), kills
     * what does not stop in time, and deletes the data when it was temporary.
     */
    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        JavaProcess.stopAll(nodes.values().stream().filter(Node::isRunning).map(node -> node.process).toList());
        if (deleteOnClose) {
            new DataDirectory(directory).delete();
        }
    }

    private void awaitRunningBrokers() {
        Await.until("all " + nodes.size() + " brokers registered", startTimeout, () -> {
            try {
                return admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == runningNodes();
            } catch (ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalKafkaException("interrupted while waiting for the cluster", e);
            }
        });
    }

    private long runningNodes() {
        return nodes.values().stream().filter(Node::isRunning).count();
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        }
        return admin;
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new LocalKafkaException("cluster request failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LocalKafkaException("cluster request did not answer within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while asking the cluster", e);
        }
    }

    /** One node of the cluster: a {@link LocalKafkaMain} process, with the same id, port and data on every start. */
    public final class Node {
        private final int id;
        private final int port;
        private final List<String> args;
        private JavaProcess process;
        private int starts;

        private Node(int id, int port, List<String> args) {
            this.id = id;
            this.port = port;
            this.args = args;
        }

        public int id() {
            return id;
        }

        public int port() {
            return port;
        }

        /** {@code 127.0.0.1:<port>}, the same across restarts. */
        public String bootstrapServer() {
            return LocalKafkaBroker.HOST + ":" + port;
        }

        public boolean isRunning() {
            return process != null && process.isAlive();
        }

        /** Starts the node and returns once it answers clients and the cluster counts it as a running broker. */
        public Node start() {
            launch();
            awaitReady();
            awaitRunningBrokers();
            return this;
        }

        /** Signal 9: no controlled shutdown; its partitions move once the controller fences it. */
        public void kill() {
            process.kill();
        }

        /** SIGTERM: a controlled shutdown, handing its partitions' leadership to the others first. */
        public void stop() {
            process.stop();
        }

        /** SIGSTOP: it stops answering but keeps its connections, until {@link #thaw()}. */
        public void freeze() {
            process.freeze();
        }

        /** SIGCONT. */
        public void thaw() {
            process.thaw();
        }

        @Override
        public String toString() {
            return "node " + id + " (" + bootstrapServer() + ")";
        }

        private void launch() {
            if (isRunning()) {
                throw new IllegalStateException(this + " is already running");
            }
            try {
                Files.createDirectories(directory);
            } catch (java.io.IOException e) {
                throw new LocalKafkaException("cannot create " + directory, e);
            }
            Path log = directory.resolve("node-" + id + "-" + (++starts) + ".log");
            process = JavaProcess.start(LocalKafkaMain.class.getName(), args, Map.of(), nodeHeap, log);
        }

        private void awaitReady() {
            process.awaitOutput(toString(), LocalKafkaMain.READY_LINE_PREFIX, startTimeout);
        }
    }

    /** Settings for a {@link LocalKafkaCluster}; every one has a default. */
    public static final class Builder {
        private int nodes = DEFAULT_NODES;
        private Path directory;
        private String nodeHeap = DEFAULT_NODE_HEAP;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {
        }

        /** How many nodes (default {@value #DEFAULT_NODES}); each is a broker and a controller voter. */
        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > 9) {
                throw new IllegalArgumentException("nodes must be 1 to 9, was " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** Where the nodes keep their data and logs, kept after close. Default: a temporary directory, deleted on close. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Each node's maximum heap, in the JVM's {@code -Xmx} form (default {@value #DEFAULT_NODE_HEAP}). */
        public Builder nodeHeap(String nodeHeap) {
            this.nodeHeap = Objects.requireNonNull(nodeHeap, "nodeHeap");
            return this;
        }

        /** How long starting the cluster, or a node, may take (default 120 s). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        public LocalKafkaCluster build() {
            return new LocalKafkaCluster(this);
        }
    }
}

package dev.eventscheduler.localkafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka node in KRaft combined mode (broker and controller in one node), started
 * inside this JVM from Maven Central artifacts: no Docker, nothing downloaded at run time. Alone, it
 * is the embedded broker of the standalone quick start and the test broker when no Docker engine is
 * present; with a {@linkplain Builder#controllerQuorum quorum} of three it is one node of a
 * {@link LocalKafkaCluster}.
 *
 * <p>Configured for its cluster's size: on one node, replication factors of 1 for offsets and
 * transaction state, so that consumer groups and transactions work at once; on three, 3 with
 * {@code min.insync.replicas} 2. No initial rebalance delay. Topics are not
 * created automatically: create them (see {@code TopicProvisioner}) so their partition counts are
 * deliberate. Listens on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (LocalKafkaBroker broker = LocalKafkaBroker.builder().build().start()) {
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Ports and data directory are fixed when the broker is built, so {@link #restart()} brings it
 * back at the same address with the same data. Not thread-safe: start, restart and close from one
 * thread.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** How long {@link #start()} waits for the broker to answer clients. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** The node id of a single node. */
    public static final int DEFAULT_NODE_ID = 1;
    /** The host every listener binds to and advertises. */
    public static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final Quorum quorum;
    private final String clusterId;
    private final List<String> scramArguments;
    private final Map<String, Object> clientProperties;
    private final DataDirectory data;
    private final boolean deleteDataOnClose;
    private final Map<String, String> overrides;
    private final Duration startTimeout;

    private KafkaRaftServer server;
    private boolean closed;

    private static int freePortOtherThan(int taken) {
        int candidate = FreePorts.next();
        while (candidate == taken) {
            candidate = FreePorts.next();
        }
        return candidate;
    }

    private LocalKafkaBroker(Builder builder) {
        this.nodeId = builder.nodeId;
        this.port = builder.port != 0 ? builder.port : FreePorts.next();
        if (builder.quorum != null) {
            this.quorum = builder.quorum;
            this.controllerPort = quorum.controllerPorts().getOrDefault(nodeId, 0);
            if (controllerPort == 0 || builder.controllerPort != 0 && builder.controllerPort != controllerPort) {
                throw new IllegalArgumentException("node " + nodeId + " must be one of the quorum's voters "
                        + quorum.voters() + ", with its controller port");
            }
        } else {
            this.controllerPort = builder.controllerPort != 0 ? builder.controllerPort : freePortOtherThan(port);
            this.quorum = Quorum.single(nodeId, controllerPort);
        }
        this.clusterId = builder.clusterId;
        this.scramArguments = List.copyOf(builder.scramArguments);
        this.clientProperties = Map.copyOf(builder.clientProperties);
        this.deleteDataOnClose = builder.dataDirectory == null;
        this.data = builder.dataDirectory != null ? new DataDirectory(builder.dataDirectory.toAbsolutePath())
                : DataDirectory.temporary();
        this.overrides = Map.copyOf(builder.overrides);
        this.startTimeout = builder.startTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if it is new, starts the broker and returns once it answers
     * clients.
     *
     * @throws LocalKafkaException when it does not start within the start timeout
     */
    public synchronized LocalKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("broker is closed");
        }
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        data.lock();
        try {
            if (quorum.size() == 1 && data.stoppedUncleanly()) {
                long forgetting = System.nanoTime();
                DeadIncarnation.forget(nodeConfig(), startTimeout);
                log.info("Previous run of the broker in {} was killed; unregistered its incarnation in {} ms",
                        data.path(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - forgetting));
            }
            data.formatIfNew(nodeId, clusterId, NodeConfig.CONTROLLER_LISTENER, scramArguments);
            KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(nodeConfig().combined()), Time.SYSTEM);
            starting.startup();
            server = starting;
            awaitReady();
        } catch (RuntimeException e) {
            stopQuietly();
            throw new LocalKafkaException("local Kafka broker did not start on " + bootstrapServers()
                    + " with data in " + data.path() + ": " + e.getMessage(), e);
        }
        log.info("Local Kafka broker ready at {} in {} ms (data: {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), data.path());
        return this;
    }

    /** Stops the broker and starts it again on the same ports and data; committed data is kept. */
    public synchronized LocalKafkaBroker restart() {
        stop();
        return start();
    }

    /** Stops the broker, keeping its data; {@link #start()} may follow. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
        log.info("Local Kafka broker at {} stopped", bootstrapServers());
    }

    /** Whether the broker is started. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The address clients connect to, {@code 127.0.0.1:<port>}; the same across restarts. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return data.path();
    }

    /** Stops the broker and, when the data directory was a temporary one, deletes it. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            data.unlock();
            if (deleteDataOnClose) {
                data.delete();
            }
        }
    }

    private NodeConfig nodeConfig() {
        return new NodeConfig(nodeId, port, controllerPort, quorum, data.path(), overrides);
    }

    private void awaitReady() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        BrokerReadiness.await(config, startTimeout);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Error while stopping a broker that failed to start", e);
        }
    }

    /** Settings for a {@link LocalKafkaBroker}; every one has a default. */
    public static final class Builder {
        private int nodeId = DEFAULT_NODE_ID;
        private Quorum quorum;
        private String clusterId;
        private final List<String> scramArguments = new ArrayList<>();
        private final Map<String, Object> clientProperties = new HashMap<>();
        private int port;
        private int controllerPort;
        private Path dataDirectory;
        private final Map<String, String> overrides = new HashMap<>();
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {
        }

        /** This node's id (default {@value #DEFAULT_NODE_ID}); on a cluster, one of the quorum's voters. */
        public Builder nodeId(int nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /**
         * Makes this node one of a cluster: the controller voters of every node, in Kafka's
         * {@code controller.quorum.voters} form ({@code 1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097}),
         * all on 127.0.0.1; this node's controller port is the one its id has there. Default: a
         * cluster of this node alone.
         */
        public Builder controllerQuorum(String voters) {
            this.quorum = Quorum.parse(Objects.requireNonNull(voters, "voters"));
            return this;
        }

        /**
         * The cluster id written when the data directory is formatted; every node of a cluster needs
         * the same. Default: a new random one. Ignored for a data directory formatted before.
         */
        public Builder clusterId(String clusterId) {
            this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
            return this;
        }

        /** The client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /**
         * Where the broker keeps its data, kept across restarts and after close. Default: a new
         * temporary directory, deleted on {@link #close()}.
         */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /**
         * A SCRAM-SHA-512 user written into the storage when it is formatted, before the broker
         * starts: the broker's own user on a SASL listener, and an administrator who can then create
         * the others. Ignored for a data directory formatted before.
         */
        public Builder scramUser(String name, String password) {
            if (!name.matches("[A-Za-z0-9._-]+") || password.contains("]") || password.contains(",")) {
                throw new IllegalArgumentException("a SCRAM user is letters, digits, '.', '_' or '-', and its password has no ',' or ']'");
            }
            scramArguments.add("SCRAM-SHA-512=[name=" + name + ",password=" + password + "]");
            return this;
        }

        /**
         * Client settings that reach the broker's listener (its security protocol, SASL and TLS
         * settings), for {@link #start()} to see it answer. Needed once the listener is not
         * PLAINTEXT (set with {@link #brokerProperty}).
         */
        public Builder clientProperties(Map<String, ?> properties) {
            clientProperties.putAll(properties);
            return this;
        }

        /** Any broker setting, over the single-node defaults. */
        public Builder brokerProperty(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        /** How long {@link #start()} waits for the broker to answer (default 60 s). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        public LocalKafkaBroker build() {
            return new LocalKafkaBroker(this);
        }
    }
}

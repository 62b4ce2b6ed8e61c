package dev.eventscheduler.localkafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.BrokerIdNotRegisteredException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode (broker and controller in one node),
 * started inside this JVM from Maven Central artifacts: no Docker, nothing downloaded at run time.
 * It is the embedded broker of the standalone quick start and the test broker when no Docker engine
 * is present.
 *
 * <p>Configured for one node: replication factors of 1 for offsets and transaction state, so that
 * consumer groups and transactions work at once, and no initial rebalance delay. Topics are not
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
    /** The node id of the single node. */
    public static final int NODE_ID = 1;
    /** The host every listener binds to and advertises. */
    public static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    /** Kafka leaves this file in each log directory on a clean shutdown and removes it at start. */
    private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";
    /** Our lock on the data directory, beside Kafka's own. */
    private static final String DIRECTORY_LOCK = ".local-kafka.lock";

    private final int port;
    private final int controllerPort;
    private final Path dataDirectory;
    private final boolean deleteDataOnClose;
    private final Map<String, String> overrides;
    private final Duration startTimeout;

    private KafkaRaftServer server;
    /** Held from the first start to the close, see {@link #lockDataDirectory}. */
    private FileLock directoryLock;
    private boolean closed;

    private LocalKafkaBroker(Builder builder) {
        this.port = builder.port != 0 ? builder.port : freePort();
        this.controllerPort = builder.controllerPort != 0 ? builder.controllerPort : freePortOtherThan(port);
        this.deleteDataOnClose = builder.dataDirectory == null;
        this.dataDirectory = builder.dataDirectory != null ? builder.dataDirectory.toAbsolutePath() : tempDirectory();
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
        lockDataDirectory();
        try {
            if (stoppedUncleanly()) {
                forgetDeadIncarnation();
            }
            formatIfNew();
            KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(brokerProperties()), Time.SYSTEM);
            starting.startup();
            server = starting;
            awaitReady();
        } catch (RuntimeException e) {
            stopQuietly();
            throw new LocalKafkaException("local Kafka broker did not start on " + bootstrapServers()
                    + " with data in " + dataDirectory + ": " + e.getMessage(), e);
        }
        log.info("Local Kafka broker ready at {} in {} ms (data: {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDirectory);
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
        return dataDirectory;
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
            unlockDataDirectory();
            if (deleteDataOnClose) {
                deleteRecursively(dataDirectory);
            }
        }
    }

    /**
     * Holds the data directory from the first start to the close, before anything in it is read or
     * changed: a second broker on the same directory (a second process started by mistake) stops
     * with one line naming it, rather than with Kafka's lock error after it has touched the data.
     */
    private void lockDataDirectory() {
        if (directoryLock != null) {
            return;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDirectory);
            channel = FileChannel.open(dataDirectory.resolve(DIRECTORY_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new LocalKafkaException("data directory " + dataDirectory + " is in use by another local Kafka "
                        + "broker (another event scheduler running?): stop that one, or give this one its own data directory");
            }
            directoryLock = lock;
        } catch (IOException e) {
            throw new LocalKafkaException("cannot prepare data directory " + dataDirectory, e);
        } finally {
            if (directoryLock == null && channel != null) {
                closeQuietly(channel);
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM
        }
    }

    private void unlockDataDirectory() {
        if (directoryLock != null) {
            closeQuietly(directoryLock.channel());
            directoryLock = null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing the data directory's lock failed: {}", e.toString());
        }
    }

    private void formatIfNew() {
        if (Files.exists(dataDirectory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDirectory.toString())
                    .setDirectories(List.of(dataDirectory.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
        } catch (Exception e) {
            throw new LocalKafkaException("cannot format Kafka storage in " + dataDirectory, e);
        }
        log.info("Formatted new Kafka storage in {} (cluster id {})", dataDirectory, clusterId);
    }

    /** Formatted, but the last run did not leave Kafka's clean-shutdown marker: it was killed. */
    private boolean stoppedUncleanly() {
        return Files.exists(dataDirectory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))
                && !Files.exists(dataDirectory.resolve(CLEAN_SHUTDOWN_MARKER));
    }

    /**
     * Unregisters the broker incarnation that died with the last run, using this node's controller
     * alone. Without this, a combined node restarted after a kill loads its transaction coordinator
     * from the old metadata while the old incarnation still holds its registration; when that
     * incarnation is fenced, every partition is briefly leaderless, the coordinator takes the
     * commit markers of an in-doubt transaction as bound for deleted partitions and drops them, and
     * the partitions' last stable offset is stuck for good: committed records never become
     * visible to read_committed readers. Starting from a metadata image without the old
     * registration, the node registers afresh and the coordinator loads only once the partitions
     * have their new leader. See docs/local-kafka-unclean-restart.md.
     */
    private void forgetDeadIncarnation() {
        long started = System.nanoTime();
        KafkaRaftServer controller = new KafkaRaftServer(new KafkaConfig(controllerOnlyProperties()), Time.SYSTEM);
        controller.startup();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, HOST + ":" + controllerPort,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            long deadline = started + startTimeout.toNanos();
            while (true) {
                try {
                    admin.unregisterBroker(NODE_ID).all().get(5, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof BrokerIdNotRegisteredException) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new LocalKafkaException("cannot unregister the broker of the killed run", e.getCause());
                    }
                } catch (TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new LocalKafkaException("cannot unregister the broker of the killed run", e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalKafkaException("interrupted while recovering from an unclean stop", e);
                }
                sleepBriefly();
            }
        } finally {
            controller.shutdown();
            controller.awaitShutdown();
        }
        log.info("Previous run of the broker in {} was killed; unregistered its incarnation in {} ms",
                dataDirectory, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private Map<String, String> controllerOnlyProperties() {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("log.dirs", dataDirectory.toString());
        return props;
    }

    private Map<String, String> brokerProperties() {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", dataDirectory.toString());
        // one node: every internal topic has a single replica, or groups and transactions never start
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "12");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "12");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        // a group forms at once instead of after 3 s, and tests may ask for short session timeouts
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.min.session.timeout.ms", "1000");
        // Kafka's 9 s broker session: a controller stalled for a few seconds on a busy machine (seen
        // on CI: 3.6 s) must not fence the only broker, or topic creation fails meanwhile. A restart
        // after kill -9 does not wait on the session: forgetDeadIncarnation() unregisters the old one.
        // See docs/local-kafka-unclean-restart.md.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "9000");
        // a dead transaction owner is aborted within about a second of its timeout, not ten
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // deleted topics leave the disk after 1 s rather than 60 s
        props.put("file.delete.delay.ms", "1000");
        props.putAll(overrides);
        return props;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (notYet instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new LocalKafkaException("interrupted while waiting for the broker", notYet);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new LocalKafkaException("broker did not answer within " + startTimeout, notYet);
                    }
                }
                sleepBriefly();
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Error while stopping a broker that failed to start", e);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while waiting for the broker", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    private static int freePortOtherThan(int taken) {
        int candidate = freePort();
        while (candidate == taken) {
            candidate = freePort();
        }
        return candidate;
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("local-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", directory, e.getMessage());
        }
    }

    /** Settings for a {@link LocalKafkaBroker}; every one has a default. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDirectory;
        private final Map<String, String> overrides = new HashMap<>();
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {
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

package dev.eventscheduler.localkafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local broker's data directory: our lock on it, Kafka's storage format, and whether the last
 * run there stopped cleanly. Used by {@link LocalKafkaBroker} only.
 */
final class DataDirectory {

    /** Kafka leaves this file in each log directory on a clean shutdown and removes it at start. */
    private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";
    /** Our lock on the data directory, beside Kafka's own. */
    private static final String DIRECTORY_LOCK = ".local-kafka.lock";
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private final Path path;
    /** Held from the first start to the close, see {@link #lock}. */
    private FileLock lock;

    DataDirectory(Path path) {
        this.path = path;
    }

    /** A new temporary directory, for a broker whose data goes with it. */
    static DataDirectory temporary() {
        try {
            return new DataDirectory(Files.createTempDirectory("local-kafka-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    Path path() {
        return path;
    }

    /**
     * Holds the directory from the first start to the close, before anything in it is read or
     * changed: a second broker on the same directory (a second process started by mistake) stops
     * with one line naming it, rather than with Kafka's lock error after it has touched the data.
     */
    void lock() {
        if (lock != null) {
            return;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(path);
            channel = FileChannel.open(path.resolve(DIRECTORY_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock taken = tryLock(channel);
            if (taken == null) {
                throw new LocalKafkaException("data directory " + path + " is in use by another local Kafka "
                        + "broker (another event scheduler running?): stop that one, or give this one its own data directory");
            }
            lock = taken;
        } catch (IOException e) {
            throw new LocalKafkaException("cannot prepare data directory " + path, e);
        } finally {
            if (lock == null && channel != null) {
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

    void unlock() {
        if (lock != null) {
            closeQuietly(lock.channel());
            lock = null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing the data directory's lock failed: {}", e.toString());
        }
    }

    /**
     * Formats Kafka's storage for node {@code nodeId} with {@code clusterId} (a new random one when
     * null) and the SCRAM credentials of {@code scramArguments} (the formatter's
     * {@code SCRAM-SHA-512=[name=...,password=...]} form), unless it is formatted already.
     */
    void formatIfNew(int nodeId, String givenClusterId, String controllerListener, List<String> scramArguments) {
        if (Files.exists(path.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return;
        }
        String clusterId = givenClusterId != null ? givenClusterId : Uuid.randomUuid().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setControllerListenerName(controllerListener)
                    .setMetadataLogDirectory(path.toString())
                    .setDirectories(List.of(path.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setScramArguments(scramArguments)
                    .run();
        } catch (Exception e) {
            throw new LocalKafkaException("cannot format Kafka storage in " + path, e);
        }
        log.info("Formatted new Kafka storage in {} (cluster id {})", path, clusterId);
    }

    /** Formatted, but the last run did not leave Kafka's clean-shutdown marker: it was killed. */
    boolean stoppedUncleanly() {
        return Files.exists(path.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))
                && !Files.exists(path.resolve(CLEAN_SHUTDOWN_MARKER));
    }

    /** Deletes the directory and everything in it; a failure is logged, not thrown. */
    void delete() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", path, e.getMessage());
        }
    }
}

package dev.eventscheduler.localkafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LocalKafkaBroker} as its own process, so tests and the fault suite can kill it.
 *
 * <pre>
 * java -cp ... dev.eventscheduler.localkafka.LocalKafkaMain [--port 9092] [--controller-port 9093] [--data-dir ./data/kafka]
 *     [--node-id 1 --controller-quorum 1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097 --cluster-id ID]
 * </pre>
 *
 * The last three make it one node of a cluster (what {@link LocalKafkaCluster} starts): every node
 * gets the same quorum and cluster id (any 22-character base64 UUID), and its own id, port and data
 * directory.
 *
 * Prints {@value #READY_LINE_PREFIX}{@code <bootstrap servers>} on standard output once clients can
 * connect; stops cleanly on SIGTERM or Ctrl-C. Without {@code --data-dir} the data lives in a
 * temporary directory that is deleted on a clean stop.
 */
public final class LocalKafkaMain {

    /** The line a parent process waits for; the bootstrap address follows it. */
    public static final String READY_LINE_PREFIX = "LOCAL_KAFKA_READY ";
    /** The logging configuration of this process, in this jar. */
    static final String LOGBACK_CONFIG = "local-kafka-logback.xml";

    private LocalKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // before any logger exists: libraries ship no logback.xml, so each main names its own
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        LocalKafkaBroker.Builder builder = LocalKafkaBroker.builder();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(required(args[i], value)));
                case "--controller-port" -> builder.controllerPort(Integer.parseInt(required(args[i], value)));
                case "--data-dir" -> builder.dataDirectory(Path.of(required(args[i], value)));
                case "--node-id" -> builder.nodeId(Integer.parseInt(required(args[i], value)));
                case "--controller-quorum" -> builder.controllerQuorum(required(args[i], value));
                case "--cluster-id" -> builder.clusterId(required(args[i], value));
                case "--help", "-h" -> {
                    System.out.println("usage: LocalKafkaMain [--port N] [--controller-port N] [--data-dir DIR]"
                            + " [--node-id N --controller-quorum ID@127.0.0.1:PORT,... --cluster-id ID]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --port, --controller-port, --data-dir, --node-id, --controller-quorum or --cluster-id");
            }
            i++;
        }
        LocalKafkaBroker broker = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "local-kafka-shutdown"));
        broker.start();
        System.out.println(READY_LINE_PREFIX + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}

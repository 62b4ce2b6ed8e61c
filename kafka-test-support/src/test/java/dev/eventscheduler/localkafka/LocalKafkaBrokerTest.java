package dev.eventscheduler.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.testkafka.TestClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local broker's own promises. It lives here rather than in local-kafka so it can share the
 * test clients, which depend on local-kafka themselves.
 */
class LocalKafkaBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void isReadyForATransactionalProducerAndKeepsCommittedDataAcrossARestart() {
        try (LocalKafkaBroker broker = LocalKafkaBroker.builder().build()) {
            long started = System.nanoTime();
            broker.start();
            produceCommitted(broker.bootstrapServers(), "orders", 10);
            System.out.printf("local broker: started and first transaction committed in %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            String address = broker.bootstrapServers();

            broker.restart();

            assertThat(broker.bootstrapServers()).isEqualTo(address);
            assertThat(TestClients.readCommitted(address, "orders", 10, WAIT)).hasSize(10);
        }
    }

    @Test
    void aGivenDataDirectoryOutlivesTheBrokerAndATemporaryOneDoesNot(@TempDir Path dir) {
        Path data = dir.resolve("kafka");
        try (LocalKafkaBroker first = LocalKafkaBroker.builder().dataDirectory(data).build().start()) {
            produceCommitted(first.bootstrapServers(), "kept", 5);
        }
        assertThat(data).isDirectory();
        try (LocalKafkaBroker second = LocalKafkaBroker.builder().dataDirectory(data).build().start();
             LocalKafkaBroker intruder = LocalKafkaBroker.builder().dataDirectory(data).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(intruder::start).as("a second broker on the same data")
                    .isInstanceOf(LocalKafkaException.class).hasMessageContaining("is in use by another local Kafka broker")
                    .hasMessageContaining(data.toAbsolutePath().toString());
            assertThat(TestClients.readCommitted(second.bootstrapServers(), "kept", 5, WAIT)).hasSize(5);
        }

        LocalKafkaBroker temporary = LocalKafkaBroker.builder().build().start();
        Path temporaryData = temporary.dataDirectory();
        temporary.close();
        temporary.close();
        assertThat(temporaryData).doesNotExist();
    }

    @Test
    void runsAsItsOwnProcessThatSurvivesKillNine(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        Path data = dir.resolve("kafka");

        Process first = startBrokerProcess(port, data);
        try {
            produceCommitted("127.0.0.1:" + port, "survivors", 20);
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(first.exitValue()).isEqualTo(137);

        Process second = startBrokerProcess(port, data);
        try {
            List<ConsumerRecord<String, String>> records =
                    TestClients.readCommitted("127.0.0.1:" + port, "survivors", 20, WAIT);
            assertThat(records).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj(i -> "v" + i).toList());
        } finally {
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("stops cleanly on SIGTERM").isTrue();
        }
    }

    private static void produceCommitted(String bootstrap, String topic, int count) {
        TestClients.createTopic(bootstrap, topic, 2);
        try (KafkaProducer<String, String> producer = TestClients.transactionalProducer(bootstrap, "tx-" + topic)) {
            producer.beginTransaction();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.commitTransaction();
        }
    }

    /** Starts {@link LocalKafkaMain} in a new JVM and waits for its ready line. */
    private static Process startBrokerProcess(int port, Path data) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LocalKafkaMain.class.getName(),
                "--port", Integer.toString(port), "--data-dir", data.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readyLine(process));
        try {
            assertThat(ready.get(60, TimeUnit.SECONDS)).isEqualTo(LocalKafkaMain.READY_LINE_PREFIX + "127.0.0.1:" + port);
            return process;
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String readyLine(Process process) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(LocalKafkaMain.READY_LINE_PREFIX)) {
                    return line;
                }
            }
            return "process ended without a ready line";
        } catch (IOException e) {
            return "cannot read the process output: " + e;
        }
    }
}

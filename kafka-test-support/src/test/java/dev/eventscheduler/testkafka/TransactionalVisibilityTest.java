package dev.eventscheduler.testkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@KafkaTest
class TransactionalVisibilityTest {

    @Test
    void aReadCommittedConsumerSeesCommittedRecordsAndNeverAbortedOnes(TestKafka kafka) {
        String topic = kafka.uniqueName("txn");
        TestClients.createTopic(kafka.bootstrapServers(), topic, 3);

        try (KafkaProducer<String, String> producer =
                     TestClients.transactionalProducer(kafka.bootstrapServers(), kafka.uniqueName("tx"))) {
            sendInTransaction(producer, topic, "committed-1", true);
            sendInTransaction(producer, topic, "aborted", false);
            sendInTransaction(producer, topic, "committed-2", true);
        }

        // one key, so one partition: committed-2 comes after the aborted record in offset order,
        // and reading it proves the consumer has passed over the aborted one
        List<ConsumerRecord<String, String>> seen =
                TestClients.readCommitted(kafka.bootstrapServers(), topic, 2, Duration.ofSeconds(30));
        assertThat(seen).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2");
    }

    @Test
    void testsGetNamesNoOtherTestUses(TestKafka kafka) {
        assertThat(kafka.uniqueName("t")).isNotEqualTo(kafka.uniqueName("t")).startsWith("t-");
        assertThat(kafka.kind()).isIn("local", "testcontainers");
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, String value,
                                          boolean commit) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "same-key", value));
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }
}

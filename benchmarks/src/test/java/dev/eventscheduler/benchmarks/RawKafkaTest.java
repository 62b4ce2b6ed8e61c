package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.junit.jupiter.api.Test;

/** The consume-and-reply loop behind {@code raw-pipeline} and {@code kafka-only}. */
@KafkaTest
class RawKafkaTest {

    private static final int RECORDS = 200;

    @Test
    void replyRateFailsRatherThanReportWhenTheBrokerRefusesReplies(TestKafka kafka) {
        BenchContext context = new BenchContext(kafka.bootstrapServers(), true);
        Topics topics = context.newSystemTopics();
        RawKafka.produce(context, topics.tasks(), RECORDS, false);

        assertThat(RawKafka.replyRate(context, topics.tasks(), RECORDS,
                (record, send) -> send.accept(new ProducerRecord<>(topics.results(), record.key(), record.value()))))
                .isPositive();
        // the schedules topic is compacted: the broker refuses every keyless record written to it
        assertThatThrownBy(() -> RawKafka.replyRate(context, topics.tasks(), RECORDS,
                (record, send) -> send.accept(new ProducerRecord<>(topics.schedules(), null, record.value()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("records were not acknowledged")
                .hasCauseInstanceOf(InvalidRecordException.class);
    }
}

package dev.eventscheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The consume-and-reply loop behind {@code raw-pipeline} and {@code kafka-only}. */
@KafkaTest
class RawKafkaTest {

    private static final int RECORDS = 200;
    private static final Duration WITHIN = Duration.ofMinutes(1);

    @Test
    void replyRateFailsRatherThanReportWhenTheBrokerRefusesReplies(TestKafka kafka) {
        BenchContext context = new BenchContext(kafka.bootstrapServers(), true);
        Topics topics = context.newSystemTopics();
        RawKafka.produce(context, topics.tasks(), RECORDS, false);

        assertThat(RawKafka.replyRate(context, topics.tasks(), RECORDS, WITHIN,
                (record, send) -> send.accept(new ProducerRecord<>(topics.results(), record.key(), record.value())))
                .perSecond()).isPositive();
        // the schedules topic is compacted: the broker refuses every keyless record written to it
        assertThatThrownBy(() -> RawKafka.replyRate(context, topics.tasks(), RECORDS, WITHIN,
                (record, send) -> send.accept(new ProducerRecord<>(topics.schedules(), null, record.value()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("records were not acknowledged")
                .hasCauseInstanceOf(InvalidRecordException.class);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void replyRateGivesUpAtItsDeadlineNamingHowFarItGot(TestKafka kafka) {
        BenchContext context = new BenchContext(kafka.bootstrapServers(), true);
        Topics topics = context.newSystemTopics();
        RawKafka.produce(context, topics.tasks(), RECORDS, false);

        // asked for more records than there are, it would otherwise wait for ever
        assertThatThrownBy(() -> RawKafka.replyRate(context, topics.tasks(), RECORDS + 1, Duration.ofSeconds(3),
                (record, send) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read only " + RECORDS + " of " + (RECORDS + 1) + " records");
    }
}

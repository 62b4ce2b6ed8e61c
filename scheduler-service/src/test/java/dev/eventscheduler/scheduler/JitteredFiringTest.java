package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.Jitter;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Jitter on a real broker: each fire is written at its jittered instant, never before, keeps its
 * nominal {@code scheduledAt} and says when it was due; a restart between a time and its jittered
 * instant fires it then, once.
 */
@KafkaTest
class JitteredFiringTest {

    @Test
    void eachFireWaitsForItsJitteredInstantAndARestartInsideTheJitterFiresItThenOnce(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            ScheduleDefinition jittered = ScheduleDefinition.builder("jittered", "noop").every(Duration.ofSeconds(2))
                    .jitter(Duration.ofMillis(1_900)).build();
            // a time whose delay is long enough to stop the first instance after it and start the next before it is due
            Instant now = Instant.now();
            Instant restartInside = FireTimes.next(jittered.trigger(), now.plusSeconds(6), 200).stream()
                    .filter(t -> Duration.between(t, Jitter.dueAt(jittered, t)).toMillis() >= 1_200)
                    .findFirst().orElseThrow();

            SchedulerService first = kit.start(kit.scheduler());
            kit.put(jittered);
            kit.awaitFired("jittered", 1);
            kit.awaitUntil(k -> Instant.now().isAfter(restartInside.minusMillis(500)));
            first.close();
            kit.awaitUntil(k -> Instant.now().isAfter(restartInside.plusMillis(100)));
            // the time is past, its jittered instant is not: the new instance must wait for it
            kit.start(kit.scheduler());
            kit.awaitUntil(k -> k.fired("jittered").stream().anyMatch(e -> e.scheduledAt().isAfter(restartInside.plusSeconds(4))));

            List<ConsumerRecord<String, TaskEvent>> records = kit.firedRecords("jittered");
            assertThat(records).extracting(r -> r.value().scheduledAt()).contains(restartInside);
            for (ConsumerRecord<String, TaskEvent> record : records) {
                TaskEvent event = record.value();
                Instant due = Jitter.dueAt(jittered, event.scheduledAt());
                assertThat(event.eventId()).isEqualTo(TaskEvent.scheduledEventId("jittered", event.scheduledAt()));
                assertThat(event.dueAt()).as("the due time it carries").isEqualTo(due.equals(event.scheduledAt()) ? null : due);
                assertThat(event.firedAt()).as("fired at or after its jittered instant, %s", event.eventId()).isAfterOrEqualTo(due);
                assertThat(Instant.ofEpochMilli(record.timestamp())).isAfterOrEqualTo(due);
            }
            Instant last = records.stream().map(r -> r.value().scheduledAt()).max(Instant::compareTo).orElseThrow();
            Instant firstTime = records.get(0).value().scheduledAt();
            kit.everyTimeOnce("jittered", FireTimes.between(jittered.trigger(), firstTime.minusMillis(1), last, 100).times());
            kit.noDuplicateFires();
        }
    }
}

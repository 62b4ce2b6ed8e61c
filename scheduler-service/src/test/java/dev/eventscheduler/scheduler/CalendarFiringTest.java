package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.FireTimes;
import dev.eventscheduler.model.SkipReason;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Exclusion calendars on a real broker, managed over REST: a time a named calendar excludes is
 * skipped with the reason CALENDAR, on every instance (a new one reads the calendars before it fires),
 * and a deleted calendar excludes nothing.
 */
@KafkaTest
class CalendarFiringTest {

    private static final String EVERY_SECOND = """
            {"taskType": "noop", "trigger": {"cron": "* * * * * ?"}, "calendars": ["even-seconds"]}""";

    @Test
    void aScheduleSkipsTheTimesItsCalendarExcludesThroughARestartAndFiresThemOnceTheCalendarIsDeleted(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 3)) {
            SchedulerService first = kit.start(kit.scheduler().httpPort(0));
            Http api = new Http(first.httpPort(), null);
            assertThat(api.put("/api/calendars/even-seconds", "{\"cron\": \"0/2 * * * * ?\", \"description\": \"test\"}").status())
                    .isEqualTo(201);
            assertThat(api.get("/api/calendars").json().get("total").asInt()).isEqualTo(1);
            JsonNode written = api.put("/api/schedules/odd", EVERY_SECOND).json();
            assertThat(written.has("warnings")).as("the calendar exists").isFalse();
            kit.awaitUntil(k -> k.skipped("odd").size() >= 3 && k.fired("odd").size() >= 3);

            first.close();
            Instant restarted = Instant.now();
            SchedulerService second = kit.start(kit.scheduler().httpPort(0));
            kit.awaitUntil(k -> k.fired("odd").stream().filter(e -> e.scheduledAt().isAfter(restarted)).count() >= 3);

            assertThat(kit.fired("odd")).extracting(TaskEvent::scheduledAt)
                    .allSatisfy(t -> assertThat(t.getEpochSecond() % 2).as("fired %s", t).isEqualTo(1));
            assertThat(kit.skipped("odd")).allSatisfy(r -> {
                assertThat(r.scheduledAt().getEpochSecond() % 2).isZero();
                assertThat(r.error().type()).isIn(SkipReason.CALENDAR, SkipReason.MISFIRE_FIRE_ONCE);
            }).extracting(r -> r.error().type()).contains(SkipReason.CALENDAR);
            List<Instant> fired = kit.fired("odd").stream().map(TaskEvent::scheduledAt).toList();
            kit.everyTimeOnce("odd", FireTimes.between(Trigger.Cron.of("* * * * * ?"), fired.get(0).minusMillis(1),
                    fired.get(fired.size() - 1), 100).times());

            Http again = new Http(second.httpPort(), null);
            assertThat(again.delete("/api/calendars/even-seconds").status()).isEqualTo(204);
            Instant deleted = Instant.now().plusSeconds(1);
            kit.awaitUntil(k -> k.fired("odd").stream().anyMatch(e -> e.scheduledAt().isAfter(deleted)
                    && e.scheduledAt().getEpochSecond() % 2 == 0));
            kit.noDuplicateFires();
        }
    }

    @Test
    void calendarsAreCheckedOverRestAndThePreviewLeavesOutWhatTheyExclude(TestKafka kafka) {
        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            Http api = new Http(kit.start(kit.scheduler().httpPort(0)).httpPort(), null);

            JsonNode missing = api.post("/api/schedules/preview", EVERY_SECOND).json();
            assertThat(missing.get("warnings").get(0).get("field").asText()).isEqualTo("calendars[0]");
            Http.Response bad = api.put("/api/calendars/even-seconds", "{\"cron\": \"every other second\", \"dates\": [\"1969-01-01\"]}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("violations")).extracting(v -> v.get("field").asText()).containsExactlyInAnyOrder("dates[0]", "cron");
            assertThat(api.put("/api/calendars/even-seconds", "{\"name\": \"other\"}").status()).isEqualTo(400);
            assertThat(api.get("/api/calendars/nothing-here").status()).isEqualTo(404);
            assertThat(api.put("/api/calendars/even-seconds", "{\"cron\": \"0/2 * * * * ?\"}").status()).isEqualTo(201);
            assertThat(api.put("/api/calendars/even-seconds", "{\"cron\": \"0/2 * * * * ?\", \"description\": \"again\"}").status())
                    .isEqualTo(200);

            JsonNode preview = api.post("/api/schedules/preview", EVERY_SECOND).json();
            assertThat(preview.get("nextFireTimes")).hasSize(5)
                    .allSatisfy(t -> assertThat(Instant.parse(t.asText()).getEpochSecond() % 2).isEqualTo(1));
            assertThat(preview.get("excludedTimes")).isNotEmpty()
                    .allSatisfy(t -> assertThat(Instant.parse(t.asText()).getEpochSecond() % 2).isZero());
            assertThat(preview.get("warnings")).isEmpty();
            assertThat(Stream.of(api.get("/api/calendars/even-seconds").json().get("description").asText())).containsExactly("again");
        }
    }
}

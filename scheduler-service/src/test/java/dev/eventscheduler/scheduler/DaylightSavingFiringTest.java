package dev.eventscheduler.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.testkafka.KafkaTest;
import dev.eventscheduler.testkafka.TestKafka;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The daylight saving rules end to end: a scheduler fires a cron in a zone whose clock changes a few
 * seconds from now. Real zones change twice a year, so the test makes its own zone, registered with
 * {@code java.time} for this JVM, whose offset moves by 10 seconds at the chosen instant.
 */
@KafkaTest
class DaylightSavingFiringTest {

    private static final AtomicInteger ZONES = new AtomicInteger();

    @Test
    void aTimeTheClockJumpsOverFiresOnceAtTheJumpAndARepeatedOneOnceAtItsFirstOccurrence(TestKafka kafka) {
        Instant jump = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        // from +00:00 to +00:00:10 at the jump: the wall-clock times [jump, jump + 10 s) never occur
        String springZone = zoneChanging(jump, ZoneOffset.UTC, ZoneOffset.ofTotalSeconds(10));
        LocalDateTime inTheGap = LocalDateTime.ofInstant(jump.plusSeconds(5), ZoneOffset.UTC);
        Instant back = jump.plusSeconds(5);
        // from +00:00:10 to +00:00 at the instant back: the wall-clock times [back, back + 10 s) occur twice
        String fallZone = zoneChanging(back, ZoneOffset.ofTotalSeconds(10), ZoneOffset.UTC);
        LocalDateTime repeated = LocalDateTime.ofInstant(back.plusSeconds(5), ZoneOffset.UTC);

        try (SchedulerTestKit kit = new SchedulerTestKit(kafka, 1)) {
            kit.start(kit.scheduler());
            kit.put(ScheduleDefinition.builder("gap", "noop").cron(dailyAt(inTheGap), springZone).build());
            kit.put(ScheduleDefinition.builder("overlap", "noop").cron(dailyAt(repeated), fallZone).build());
            kit.awaitFired("gap", 1);
            kit.awaitFired("overlap", 1);
            // past the second occurrence, which must not fire
            kit.awaitUntil(k -> Instant.now().isAfter(back.plusSeconds(8)));

            assertThat(kit.fired("gap")).extracting(TaskEvent::scheduledAt).as("Quartz alone never fires it").containsExactly(jump);
            assertThat(kit.fired("gap").get(0).eventId()).isEqualTo("gap@" + jump.toEpochMilli());
            assertThat(kit.fired("overlap")).extracting(TaskEvent::scheduledAt)
                    .as("first at back - 5 s; Quartz alone fires at back + 5 s").containsExactly(back.minusSeconds(5));
        }
    }

    /** A cron firing every day at {@code wallClock}'s time of day. */
    private static String dailyAt(LocalDateTime wallClock) {
        return wallClock.getSecond() + " " + wallClock.getMinute() + " " + wallClock.getHour() + " * * ?";
    }

    /** Registers a zone whose offset is {@code before} until {@code at} and {@code after} from then on; returns its id. */
    private static String zoneChanging(Instant at, ZoneOffset before, ZoneOffset after) {
        String id = "Test/Change" + ZONES.incrementAndGet() + "-" + at.toEpochMilli();
        ZoneOffsetTransition change = ZoneOffsetTransition.of(LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, before),
                before, after);
        ZoneRules rules = ZoneRules.of(before, before, List.of(), List.of(change), List.of());
        ZoneRulesProvider.registerProvider(new ZoneRulesProvider() {
            @Override
            protected Set<String> provideZoneIds() {
                return Set.of(id);
            }

            @Override
            protected ZoneRules provideRules(String zoneId, boolean forCaching) {
                return rules;
            }

            @Override
            protected NavigableMap<String, ZoneRules> provideVersions(String zoneId) {
                return new TreeMap<>(java.util.Map.of("1", rules));
            }
        });
        return id;
    }
}

package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.FireTimes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.model.MisfirePolicy;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TimeBounds;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.EventReader;
import dev.eventscheduler.model.validation.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random and extreme triggers, as any client or producer may write them, through validation and
 * then the arithmetic the firing loop runs on what passes: each is refused naming a trigger field,
 * or its times come out in order, within bounds and on time, and nothing throws.
 */
class TriggerPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final TriggerEngine ENGINE = new TriggerEngine("trigger-properties-" + System.nanoTime(),
            new LinkedBlockingQueue<>());

    @AfterContainer
    static void stopQuartz() {
        ENGINE.close();
    }

    @Property(tries = 2_000)
    void everyTriggerIsRefusedNamingItsFieldOrFiresOnTime(@ForAll("triggers") ObjectNode trigger,
                                                          @ForAll("policies") MisfirePolicy policy) {
        ObjectNode body = EventJson.mapper().createObjectNode().put("id", "p").put("taskType", "noop")
                .put("misfirePolicy", policy.name());
        body.set("trigger", trigger);
        ScheduleDefinition definition;
        try {
            definition = EventReader.readSchedule(EventJson.toBytes(body));
        } catch (ValidationException refused) {
            assertThat(refused.violations()).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.field()).as(v.toString()).startsWith("trigger"));
            return;
        }
        firesOnTime(definition);
    }

    private static void firesOnTime(ScheduleDefinition definition) {
        Trigger trigger = definition.trigger();
        List<Instant> next = FireTimes.next(trigger, NOW, 5);
        assertThat(next).isSorted().doesNotHaveDuplicates()
                .allSatisfy(time -> assertThat(TimeBounds.contains(time)).as("%s within bounds", time).isTrue())
                .allSatisfy(time -> assertThat(time).isAfter(NOW));
        if (!next.isEmpty()) {
            assertThat(next.get(0)).as("the first time after now").isEqualTo(FireTimes.nextAfter(trigger, NOW));
        }
        if (trigger instanceof Trigger.Interval interval && !next.isEmpty()) {
            long anchor = interval.startAt() == null ? 0 : interval.startAt().toEpochMilli();
            assertThat(Math.floorMod(next.get(0).toEpochMilli() - anchor, interval.intervalMs())).as("aligned").isZero();
            if (anchor <= NOW.toEpochMilli()) {
                assertThat(next.get(0).toEpochMilli() - NOW.toEpochMilli()).as("no time skipped")
                        .isLessThanOrEqualTo(interval.intervalMs());
            }
        }
        if (trigger instanceof Trigger.OneShot oneShot) {
            assertThat(next).isEqualTo(oneShot.at().isAfter(NOW) ? List.of(oneShot.at()) : List.of());
        }
        // what a load does with it: plan the missed times, then time the next through the index
        MisfirePlanner.Plan plan = MisfirePlanner.plan(definition, null, NOW.minusSeconds(3_600), NOW, NOW.minusSeconds(60));
        assertThat(plan.fire().size() + plan.skip().size()).isLessThanOrEqualTo(MisfirePlanner.MAX_SCANNED);
        NextFireIndex index = new NextFireIndex(ENGINE, Duration.ofSeconds(10));
        Owned schedule = new Owned(definition, 0, NOW, TriggerState.initial(definition.id()));
        index.scheduleAt(schedule, plan.next(), NOW);
        index.advance(NOW.plusSeconds(5));
        index.unschedule(schedule);
    }

    @Provide
    Arbitrary<MisfirePolicy> policies() {
        return Arbitraries.of(MisfirePolicy.class);
    }

    @Provide
    Arbitrary<ObjectNode> triggers() {
        return Arbitraries.oneOf(crons(), intervals(), oneShots());
    }

    private static Arbitrary<ObjectNode> crons() {
        Arbitrary<String> texts = Arbitraries.of("0 0 * * * ?", "*/5 * * * * ?", "0 0 0 1 1 ? 2001", "0 0 0 30 2 ?",
                "0 0 0 ? * 6#5", "0 0 0 L * ?", "0 0 12 29 2 ? 2096", "59 59 23 31 12 ? 2099", "not a cron", "", "* * * * * ?");
        Arbitrary<String> zones = Arbitraries.of("UTC", "Europe/Berlin", "Pacific/Kiritimati", "Moon/Base");
        return Combinators.combine(texts, zones).as((cron, zone) ->
                EventJson.mapper().createObjectNode().put("cron", cron).put("timeZone", zone));
    }

    private static Arbitrary<ObjectNode> intervals() {
        Arbitrary<Long> everyMs = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.longs().between(1, 100_000), Arbitraries.longs().between(TimeBounds.MAX_INTERVAL_MS - 10,
                        TimeBounds.MAX_INTERVAL_MS + 10),
                Arbitraries.of(0L, 1L, 9L, 10L, 11L, Long.MAX_VALUE, Long.MIN_VALUE, -1L));
        return Combinators.combine(everyMs, instants().injectNull(0.4), instants().injectNull(0.6)).as((ms, start, end) -> {
            ObjectNode node = EventJson.mapper().createObjectNode().put("intervalMs", ms);
            if (start != null) {
                node.put("startAt", start.toString());
            }
            if (end != null) {
                node.put("endAt", end.toString());
            }
            return node;
        });
    }

    private static Arbitrary<ObjectNode> oneShots() {
        return instants().map(at -> EventJson.mapper().createObjectNode().put("at", at.toString()));
    }

    /** The ends of {@link Instant} and of our bounds, just past them, and times near now. */
    private static Arbitrary<Instant> instants() {
        Arbitrary<Instant> extremes = Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH, TimeBounds.LATEST,
                TimeBounds.LATEST.plusMillis(1), TimeBounds.EARLIEST.minusMillis(1),
                Instant.parse("+999999999-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"));
        Arbitrary<Instant> anywhere = Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .map(Instant::ofEpochSecond);
        Arbitrary<Instant> nearNow = Arbitraries.longs().between(-10L * 365 * 86_400_000, 10L * 365 * 86_400_000)
                .map(NOW::plusMillis);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, extremes), net.jqwik.api.Tuple.of(1, anywhere), net.jqwik.api.Tuple.of(3, nearNow));
    }
}

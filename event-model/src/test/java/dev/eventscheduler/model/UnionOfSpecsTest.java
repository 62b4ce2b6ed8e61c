package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** A schedule's several specs: their union fires, each time once, in order. */
class UnionOfSpecsTest {

    private static final int COUNT = 60;

    @Property(tries = 300)
    void theUnionsTimesAreEverySpecsTimesMergedWithEachSharedTimeOnce(@ForAll("specs") @Size(min = 1, max = 4) List<Trigger> specs,
                                                                      @ForAll("starts") Instant from) {
        Trigger union = new Trigger.Union(specs);
        TreeSet<Instant> merged = new TreeSet<>();
        specs.forEach(spec -> merged.addAll(FireTimes.next(spec, from, COUNT)));
        List<Instant> expected = merged.stream().limit(COUNT).toList();

        List<Instant> times = FireTimes.next(union, from, COUNT);

        assertThat(times).isEqualTo(expected);
        assertThat(times).doesNotHaveDuplicates().isSorted().allSatisfy(t -> assertThat(t).isAfter(from));
    }

    @Test
    void aTimeTwoSpecsShareIsOneTime() {
        Trigger everyTwo = Trigger.Cron.of("0/2 * * * * ?");
        Trigger everyThree = Trigger.Interval.every(3_000);
        Instant from = Instant.parse("2026-12-07T10:00:00Z");

        assertThat(FireTimes.next(Trigger.Union.of(everyTwo, everyThree), from, 5)).containsExactly(
                from.plusSeconds(2), from.plusSeconds(3), from.plusSeconds(4), from.plusSeconds(6), from.plusSeconds(8));
    }

    @Test
    void theUnionEndsWhenItsLastSpecEnds() {
        Instant from = Instant.parse("2026-12-07T10:00:00Z");
        Trigger union = Trigger.Union.of(Trigger.Cron.of("0 * * * * ?").until(from.plusSeconds(120)),
                new Trigger.Interval(90_000, null, from.plusSeconds(200)));

        assertThat(FireTimes.next(union, from, 10)).containsExactly(from.plusSeconds(60), from.plusSeconds(90),
                from.plusSeconds(120), from.plusSeconds(180));
    }

    @Provide
    Arbitrary<List<Trigger>> specs() {
        Arbitrary<Trigger> cron = Combinators.combine(
                Arbitraries.of("0 0/30 * * * ?", "0 15,45 * * * ?", "0 30 2 * * ?", "0 0 9 ? * MON-FRI", "0/20 * * * * ?", "0 0 12 L * ?"),
                Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"))
                .as((expression, zone) -> new Trigger.Cron(expression, zone));
        Arbitrary<Trigger> interval = Combinators.combine(Arbitraries.of(10_000L, 60_000L, 900_000L, 3_600_000L, 86_400_000L),
                        Arbitraries.longs().between(0, 86_400_000))
                .as((every, start) -> new Trigger.Interval(every, Instant.parse("2026-01-01T00:00:00Z").plusMillis(start), null));
        return Arbitraries.oneOf(cron, interval).list();
    }

    @Provide
    Arbitrary<Instant> starts() {
        return Arbitraries.longs().between(0, 365L * 24 * 3600).map(s -> Instant.parse("2026-01-01T00:00:00Z").plusSeconds(s));
    }
}

package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Jitter's bounds and determinism: what makes a jittered fire land on the same instant on every instance. */
class JitterTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @Property(tries = 500)
    void aFireIsDueWithinItsJitterAndBeforeTheNextTimeAndTheSameEveryTime(
            @ForAll @AlphaChars @StringLength(min = 1, max = 40) String id,
            @ForAll @LongRange(min = 10, max = 86_400_000) long intervalMs,
            @ForAll @LongRange(min = 0, max = 86_400_000) long jitterMs,
            @ForAll @LongRange(min = 0, max = 1_000_000) long step) {
        ScheduleDefinition definition = ScheduleDefinition.builder(id, "noop").every(Duration.ofMillis(intervalMs))
                .jitter(Duration.ofMillis(jitterMs)).build();
        Instant scheduledAt = FireTimes.nextAfter(definition.trigger(), T.plusMillis(step * intervalMs));
        Instant next = FireTimes.nextAfter(definition.trigger(), scheduledAt);

        Instant due = Jitter.dueAt(definition, scheduledAt);

        assertThat(due).isAfterOrEqualTo(scheduledAt).isBefore(next);
        assertThat(Duration.between(scheduledAt, due).toMillis()).isLessThan(Math.max(1, jitterMs));
        assertThat(Jitter.dueAt(definition, scheduledAt)).as("the same instant when asked again").isEqualTo(due);
        ScheduleDefinition sameAgain = ScheduleDefinition.builder(new String(id.toCharArray()), "noop")
                .every(Duration.ofMillis(intervalMs)).jitter(Duration.ofMillis(jitterMs)).build();
        assertThat(Jitter.dueAt(sameAgain, scheduledAt)).as("and from an equal definition, as another instance has").isEqualTo(due);
    }

    @Test
    void aOneShotHasNoNextTimeToStayBeforeSoOnlyItsJitterBoundsIt() {
        ScheduleDefinition once = ScheduleDefinition.builder("once", "noop").at(T).jitter(Duration.ofMinutes(5)).build();

        assertThat(Jitter.dueAt(once, T)).isAfterOrEqualTo(T).isBefore(T.plus(Duration.ofMinutes(5)));
    }

    @Test
    void withoutJitterAFireIsDueAtItsScheduledTime() {
        ScheduleDefinition plain = ScheduleDefinition.builder("plain", "noop").cron("* * * * * ?").build();
        ScheduleDefinition zero = ScheduleDefinition.builder("zero", "noop").cron("* * * * * ?").jitter(Duration.ZERO).build();

        assertThat(Jitter.dueAt(plain, T)).isSameAs(T);
        assertThat(Jitter.dueAt(zero, T)).isSameAs(T);
    }

    @Test
    void schedulesDueAtOneInstantSpreadOverTheirJitter() {
        Set<Long> delays = new HashSet<>();
        long[] perSecond = new long[10];
        IntStream.range(0, 10_000).forEach(i -> {
            ScheduleDefinition definition = ScheduleDefinition.builder("report-" + i, "noop").cron("0 0 * * * ?")
                    .jitter(Duration.ofSeconds(10)).build();
            long delay = Duration.between(T, Jitter.dueAt(definition, T)).toMillis();
            delays.add(delay);
            perSecond[(int) (delay / 1000)]++;
        });

        assertThat(delays).as("distinct delays of 10,000 schedules over 10,000 ms").hasSizeGreaterThan(5_500);
        assertThat(java.util.Arrays.stream(perSecond).boxed()).as("about 1,000 in each second")
                .allSatisfy(n -> assertThat(n).isBetween(850L, 1150L));
    }
}

package dev.eventscheduler.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The work waiting for the next transactions: taken whole schedules at a time, bounded, and kept in order. */
class PendingWorkTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    private final PendingWork pending = new PendingWork();

    @Test
    void aTransactionTakesWholeSchedulesUpToAboutTheBound() {
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 1_500; i++) {
                pending.plan(Planned.fire("s" + s, T.plusSeconds(i)));
            }
        }
        List<Planned> work = new ArrayList<>();

        Set<String> taken = pending.take(work);

        assertThat(taken).containsExactlyInAnyOrder("s0", "s1");
        assertThat(work).hasSize(3_000);
        pending.settle(taken, List.of());
        assertThat(pending.hasPlanned("s0")).isFalse();
        assertThat(pending.hasPlanned("s2")).isTrue();
    }

    @Test
    void workATransactionDidNotWriteGoesFirstInTheNextInItsOrder() {
        pending.plan(Planned.fire("a", T));
        pending.plan(Planned.fire("a", T.plusSeconds(1)));
        List<Planned> work = new ArrayList<>();
        Set<String> taken = pending.take(work);
        // a due fire of a arrives while the transaction is open: it waits behind a's taken work
        pending.settle(taken, work.subList(1, 2));
        pending.plan(Planned.fire("a", T.plusSeconds(2)));

        List<Planned> next = new ArrayList<>();
        pending.take(next);

        assertThat(next).extracting(Planned::scheduledAt).containsExactly(T.plusSeconds(1), T.plusSeconds(2));
    }

    @Test
    void aDeletionIsWrittenOnceUnlessTheScheduleComesBackOrItsPartitionGoes() {
        pending.plan(Planned.fire("gone", T));
        pending.deleted("gone", 3);
        pending.deleted("back", 1);
        pending.recreated("back");
        pending.deleted("moved", 5);
        pending.retain(id -> true, Set.of(5));

        assertThat(pending.hasPlanned("gone")).isFalse();
        assertThat(pending.deletions()).containsOnlyKeys("gone");
        pending.deletionsWritten();
        assertThat(pending.isEmpty()).isTrue();
    }
}

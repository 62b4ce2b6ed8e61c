package dev.eventscheduler.scheduler.internal;

import dev.eventscheduler.model.SkipReason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.OverlapPolicy;
import dev.eventscheduler.model.RunControl;
import dev.eventscheduler.model.RunDeadline;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.Trigger;
import dev.eventscheduler.model.TriggerState;
import dev.eventscheduler.scheduler.internal.FireDecision.Decision;
import dev.eventscheduler.scheduler.internal.FireDecision.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The firing decision table, row by row, without Kafka or a clock: decided a minute after {@link #T} unless said. */
class FireDecisionTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final RunView NOTHING_ENDED = (scheduleId, eventId) -> false;
    private static final RunView ALL_ENDED = (scheduleId, eventId) -> true;

    private static final ScheduleDefinition EVERY_MINUTE = ScheduleDefinition.of("s", "noop", Trigger.Interval.every(60_000));
    private static final ScheduleDefinition FORBID = ScheduleDefinition.builder("s", "noop")
            .trigger(Trigger.Interval.every(60_000)).overlap(OverlapPolicy.SKIP).build();

    @Test
    void aDueTimeOfALoadedScheduleFires() {
        assertThat(decide(EVERY_MINUTE, TriggerState.initial("s"), Planned.fire("s", T), NOTHING_ENDED))
                .isEqualTo(new Decision(Kind.FIRE, null, false, false, null));
    }

    @Test
    void aScheduleDeletedOrPausedSinceItsTimeWasPlannedWritesNothing() {
        assertThat(decide(null, null, Planned.fire("s", T), ALL_ENDED).kind()).isEqualTo(Kind.NONE);
        assertThat(decide(EVERY_MINUTE.withPaused(true), TriggerState.initial("s"), Planned.fire("s", T), ALL_ENDED).kind())
                .isEqualTo(Kind.NONE);
    }

    @Test
    void aTimeNotAfterTheLastOneWrittenIsNeverWrittenAgain() {
        TriggerState firedAtT = TriggerState.initial("s").fired(T, T, false);

        assertThat(decide(EVERY_MINUTE, firedAtT, Planned.fire("s", T), ALL_ENDED).kind()).isEqualTo(Kind.NONE);
        assertThat(decide(EVERY_MINUTE, firedAtT, Planned.fire("s", T.minusSeconds(60)), ALL_ENDED).kind())
                .isEqualTo(Kind.NONE);
        assertThat(decide(EVERY_MINUTE, firedAtT, Planned.fire("s", T.plusSeconds(60)), ALL_ENDED).kind())
                .isEqualTo(Kind.FIRE);
    }

    @Test
    void aTimePlannedAsASkipIsSkippedWithItsReasonEvenUnderForbid() {
        assertThat(decide(FORBID, TriggerState.initial("s").fired(T, T, false),
                Planned.skip("s", T.plusSeconds(60), SkipReason.MISFIRE_SKIP), NOTHING_ENDED))
                .isEqualTo(new Decision(Kind.SKIP, SkipReason.MISFIRE_SKIP, false, false, null));
    }

    @Test
    void forbidSkipsWhileTheLastRunHasNoFinalResultAndFiresOnceItHas() {
        TriggerState running = TriggerState.initial("s").fired(T, T, false);
        Planned next = Planned.fire("s", T.plusSeconds(60));

        assertThat(decide(FORBID, running, next, NOTHING_ENDED))
                .isEqualTo(new Decision(Kind.SKIP, SkipReason.CONCURRENCY_FORBID, false, false, null));
        assertThat(decide(FORBID, running, next, ALL_ENDED).kind()).isEqualTo(Kind.FIRE);
        assertThat(decide(FORBID, TriggerState.initial("s"), next, NOTHING_ENDED).kind())
                .as("nothing ran yet").isEqualTo(Kind.FIRE);
        assertThat(decide(EVERY_MINUTE, running, next, NOTHING_ENDED).kind()).as("ALLOW").isEqualTo(Kind.FIRE);
    }

    @Test
    void forbidAsksAboutTheLastRunOfThatSchedule() {
        TriggerState running = TriggerState.initial("s").fired(T, T, false);
        RunView onlyItsRunEnded = (scheduleId, eventId) -> scheduleId.equals("s") && eventId.equals("s@" + T.toEpochMilli());

        assertThat(decide(FORBID, running, Planned.fire("s", T.plusSeconds(60)), onlyItsRunEnded).kind()).isEqualTo(Kind.FIRE);
        assertThat(decide(FORBID, TriggerState.initial("s").fired(T.plusSeconds(60), T, false), Planned.fire("s", T.plusSeconds(120)),
                onlyItsRunEnded).kind()).isEqualTo(Kind.SKIP);
    }

    @Test
    void aRunWithoutAnEndPastItsDeadlineIsGivenUpAndTheTimeFires() {
        ScheduleDefinition forbidTenSeconds = ScheduleDefinition.builder("s", "noop").trigger(Trigger.Interval.every(60_000))
                .overlap(OverlapPolicy.SKIP).runTimeout(Duration.ofSeconds(10)).build();
        TriggerState running = TriggerState.initial("s").fired(T, T, false);
        Planned next = Planned.fire("s", T.plusSeconds(60));

        assertThat(FireDecision.decide(forbidTenSeconds, running, next, NOTHING_ENDED, T.plusMillis(9_999)).kind())
                .isEqualTo(Kind.SKIP);
        assertThat(FireDecision.decide(forbidTenSeconds, running, next, NOTHING_ENDED, T.plusSeconds(10)))
                .isEqualTo(new Decision(Kind.FIRE, null, false, true, null));
        assertThat(FireDecision.decide(forbidTenSeconds, running, next, ALL_ENDED, T.plusSeconds(10)).givesUpLastRun())
                .as("an ended run is not given up").isFalse();
        assertThat(FireDecision.decide(FORBID, running, next, NOTHING_ENDED, T.plus(RunDeadline.of(FORBID))).givesUpLastRun())
                .as("the derived deadline").isTrue();
        assertThat(FireDecision.decide(FORBID, running, next, NOTHING_ENDED, T.plus(RunDeadline.of(FORBID)).minusMillis(1)).kind())
                .isEqualTo(Kind.SKIP);
    }

    @Test
    void bufferOneKeepsOneTimeWaitingWhileTheRunIsOpenAndSkipsTheRest() {
        ScheduleDefinition bufferOne = overlap(OverlapPolicy.BUFFER_ONE);
        TriggerState running = TriggerState.initial("s").fired(T, T, false);

        assertThat(decide(bufferOne, running, Planned.fire("s", T.plusSeconds(60)), NOTHING_ENDED).kind()).isEqualTo(Kind.BUFFER);
        TriggerState oneWaits = running.buffered(T.plusSeconds(60));
        assertThat(decide(bufferOne, oneWaits, Planned.fire("s", T.plusSeconds(120)), NOTHING_ENDED))
                .isEqualTo(new Decision(Kind.SKIP, SkipReason.BUFFER_FULL, false, false, null));
        assertThat(decide(bufferOne, oneWaits, Planned.fire("s", T.plusSeconds(120)), ALL_ENDED))
                .as("a new time queues behind the waiting one, even once the run ended")
                .isEqualTo(new Decision(Kind.SKIP, SkipReason.BUFFER_FULL, false, false, null));
        assertThat(decide(bufferOne, running, Planned.fire("s", T.plusSeconds(60)), ALL_ENDED).kind()).isEqualTo(Kind.FIRE);
    }

    @Test
    void cancelOtherCancelsTheRunningRunOnceAndKeepsOneTimeWaitingForItsEnd() {
        ScheduleDefinition cancelOther = overlap(OverlapPolicy.CANCEL_OTHER);
        TriggerState running = TriggerState.initial("s").fired(T, T, false);

        assertThat(decide(cancelOther, running, Planned.fire("s", T.plusSeconds(60)), NOTHING_ENDED))
                .isEqualTo(new Decision(Kind.BUFFER, null, false, false, RunControl.Action.CANCEL));
        TriggerState oneWaits = running.buffered(T.plusSeconds(60));
        assertThat(decide(cancelOther, oneWaits, Planned.fire("s", T.plusSeconds(120)), NOTHING_ENDED))
                .as("the run was asked once already").isEqualTo(new Decision(Kind.SKIP, SkipReason.BUFFER_FULL, false, false, null));
        assertThat(decide(cancelOther, oneWaits, Planned.buffered("s", T.plusSeconds(60)), ALL_ENDED))
                .isEqualTo(new Decision(Kind.FIRE, null, false, false, null));
        assertThat(decide(cancelOther, running, Planned.fire("s", T.plusSeconds(60)), ALL_ENDED))
                .as("nothing to cancel").isEqualTo(new Decision(Kind.FIRE, null, false, false, null));
    }

    @Test
    void terminateOtherFiresAtOnceAndTerminatesTheRunningRunUnlessItEndedOrIsGivenUp() {
        ScheduleDefinition terminateOther = ScheduleDefinition.builder("s", "noop").trigger(Trigger.Interval.every(60_000))
                .overlap(OverlapPolicy.TERMINATE_OTHER).runTimeout(Duration.ofSeconds(10)).build();
        TriggerState running = TriggerState.initial("s").fired(T, T, false);
        Planned next = Planned.fire("s", T.plusSeconds(60));

        assertThat(FireDecision.decide(terminateOther, running, next, NOTHING_ENDED, T.plusSeconds(5)))
                .isEqualTo(new Decision(Kind.FIRE, null, false, false, RunControl.Action.TERMINATE));
        assertThat(FireDecision.decide(terminateOther, running, next, ALL_ENDED, T.plusSeconds(5)))
                .isEqualTo(new Decision(Kind.FIRE, null, false, false, null));
        assertThat(FireDecision.decide(terminateOther, running, next, NOTHING_ENDED, T.plusSeconds(10)))
                .as("past its deadline: given up, not terminated").isEqualTo(new Decision(Kind.FIRE, null, false, true, null));
    }

    @Test
    void bufferAllKeepsUpToItsLimitWaiting() {
        ScheduleDefinition bufferAll = overlap(OverlapPolicy.BUFFER_ALL);
        TriggerState state = TriggerState.initial("s").fired(T, T, false);
        for (int i = 1; i <= OverlapPolicy.MAX_BUFFERED; i++) {
            Planned next = Planned.fire("s", T.plusSeconds(i));
            assertThat(decide(bufferAll, state, next, NOTHING_ENDED).kind()).as("time %d", i).isEqualTo(Kind.BUFFER);
            state = state.buffered(next.scheduledAt());
        }
        assertThat(decide(bufferAll, state, Planned.fire("s", T.plusSeconds(OverlapPolicy.MAX_BUFFERED + 1)), NOTHING_ENDED))
                .isEqualTo(new Decision(Kind.SKIP, SkipReason.BUFFER_FULL, false, false, null));
        assertThat(state.buffered()).hasSize(OverlapPolicy.MAX_BUFFERED).first().isEqualTo(T.plusSeconds(1));
    }

    @Test
    void theOldestBufferedTimeFiresOnceTheRunItWaitsForEndsOrPassesItsDeadline() {
        ScheduleDefinition bufferAll = overlap(OverlapPolicy.BUFFER_ALL);
        TriggerState twoWait = TriggerState.initial("s").fired(T, T, false).buffered(T.plusSeconds(60)).buffered(T.plusSeconds(120));

        assertThat(decide(bufferAll, twoWait, Planned.buffered("s", T.plusSeconds(60)), NOTHING_ENDED).kind()).isEqualTo(Kind.NONE);
        assertThat(decide(bufferAll, twoWait, Planned.buffered("s", T.plusSeconds(60)), ALL_ENDED))
                .isEqualTo(new Decision(Kind.FIRE, null, false, false, null));
        assertThat(decide(bufferAll, twoWait, Planned.buffered("s", T.plusSeconds(120)), ALL_ENDED).kind())
                .as("only the oldest").isEqualTo(Kind.NONE);
        assertThat(FireDecision.decide(bufferAll, twoWait, Planned.buffered("s", T.plusSeconds(60)), NOTHING_ENDED,
                T.plus(RunDeadline.of(bufferAll))).givesUpLastRun()).isTrue();
        assertThat(decide(overlap(OverlapPolicy.ALLOW_ALL), twoWait, Planned.buffered("s", T.plusSeconds(60)), NOTHING_ENDED).kind())
                .as("the policy no longer waits").isEqualTo(Kind.FIRE);
        assertThat(decide(bufferAll.withPaused(true), twoWait, Planned.buffered("s", T.plusSeconds(60)), ALL_ENDED).kind())
                .isEqualTo(Kind.NONE);

        TriggerState after = twoWait.firedBuffered(T.plusSeconds(130), false);
        assertThat(after.lastEventId()).isEqualTo("s@" + T.plusSeconds(60).toEpochMilli());
        assertThat(after.lastScheduledAt()).as("the latest time written stays").isEqualTo(T.plusSeconds(120));
        assertThat(after.buffered()).containsExactly(T.plusSeconds(120));
    }

    @Test
    void allowAllFiresWhateverRunsAndKeysEachFireByItsEventIdUnlessTheScheduleHasAKey() {
        ScheduleDefinition allowAll = overlap(OverlapPolicy.ALLOW_ALL);
        assertThat(decide(allowAll, TriggerState.initial("s").fired(T, T, false), Planned.fire("s", T.plusSeconds(60)),
                NOTHING_ENDED).kind()).isEqualTo(Kind.FIRE);

        assertThat(allowAll.taskKeyOf("s@1")).isEqualTo("s@1");
        assertThat(ScheduleDefinition.builder("s", "noop").every(Duration.ofMinutes(1)).taskKey("k").build().taskKeyOf("s@1"))
                .isEqualTo("k");
        assertThat(overlap(OverlapPolicy.SKIP).taskKeyOf("s@1")).isEqualTo("s");
    }

    private static ScheduleDefinition overlap(OverlapPolicy policy) {
        return ScheduleDefinition.builder("s", "noop").trigger(Trigger.Interval.every(60_000)).overlap(policy).build();
    }

    @Test
    void theTriggersLastTimeIsMarkedLastWhetherFiredOrSkipped() {
        ScheduleDefinition once = ScheduleDefinition.of("s", "noop", new Trigger.OneShot(T));
        ScheduleDefinition ending = ScheduleDefinition.of("s", "noop", new Trigger.Interval(60_000, T, T.plusSeconds(90)));

        assertThat(decide(once, TriggerState.initial("s"), Planned.fire("s", T), ALL_ENDED))
                .isEqualTo(new Decision(Kind.FIRE, null, true, false, null));
        assertThat(decide(once, TriggerState.initial("s"), Planned.skip("s", T, SkipReason.MISFIRE_SKIP), ALL_ENDED).last())
                .isTrue();
        assertThat(decide(ending, TriggerState.initial("s"), Planned.fire("s", T), ALL_ENDED).last()).isFalse();
        assertThat(decide(ending, TriggerState.initial("s"), Planned.fire("s", T.plusSeconds(60)), ALL_ENDED).last())
                .isTrue();
    }

    @Test
    void theFireThatTakesTheLastOfMaxRunsIsLastAndLaterTimesAreNothing() {
        ScheduleDefinition twice = ScheduleDefinition.builder("s", "noop").every(Duration.ofMinutes(1)).maxRuns(2).build();
        TriggerState firedOnce = TriggerState.initial("s").fired(T, T, false);

        assertThat(decide(twice, TriggerState.initial("s"), Planned.fire("s", T), ALL_ENDED).last()).isFalse();
        assertThat(decide(twice, firedOnce, Planned.fire("s", T.plusSeconds(60)), ALL_ENDED))
                .isEqualTo(new Decision(Kind.FIRE, null, true, false, null));
        TriggerState firedTwice = firedOnce.fired(T.plusSeconds(60), T.plusSeconds(60), true);
        assertThat(firedTwice.completed()).isTrue();
        assertThat(decide(twice, firedTwice, Planned.fire("s", T.plusSeconds(120)), ALL_ENDED).kind())
                .as("a third time, fire or planned skip, is not the schedule's any more").isEqualTo(Kind.NONE);
        assertThat(decide(twice, firedTwice, Planned.skip("s", T.plusSeconds(120), SkipReason.MISFIRE_SKIP), ALL_ENDED).kind())
                .isEqualTo(Kind.NONE);
        assertThat(decide(twice, firedOnce, Planned.skip("s", T.plusSeconds(60), SkipReason.MISFIRE_SKIP), ALL_ENDED).last())
                .as("a skip takes no run").isFalse();
    }

    @Test
    void aBufferedTimeCountsAgainstMaxRunsAndItsFireCompletesTheSchedule() {
        ScheduleDefinition twice = ScheduleDefinition.builder("s", "noop").every(Duration.ofMinutes(1))
                .overlap(OverlapPolicy.BUFFER_ALL).maxRuns(2).build();
        TriggerState running = TriggerState.initial("s").fired(T, T, false);

        assertThat(decide(twice, running, Planned.fire("s", T.plusSeconds(60)), NOTHING_ENDED).kind()).isEqualTo(Kind.BUFFER);
        TriggerState oneWaits = running.buffered(T.plusSeconds(60));
        assertThat(decide(twice, oneWaits, Planned.fire("s", T.plusSeconds(120)), NOTHING_ENDED).kind())
                .as("the waiting time takes the last run").isEqualTo(Kind.NONE);
        Decision fromBuffer = decide(twice, oneWaits, Planned.buffered("s", T.plusSeconds(60)), ALL_ENDED);
        assertThat(fromBuffer).isEqualTo(new Decision(Kind.FIRE, null, true, false, null));
        assertThat(oneWaits.firedBuffered(T.plusSeconds(130), fromBuffer.last()).completed()).isTrue();
    }

    private static Decision decide(ScheduleDefinition definition, TriggerState state, Planned item, RunView runs) {
        return FireDecision.decide(definition, state, item, runs, T.plusSeconds(60));
    }

    @Test
    void aBackfillsTimesAllComeDueAtOnceAndItsOverlapPolicyDecidesEachByHowManyHaveFired() {
        assertThat(backfillOfFive(OverlapPolicy.BUFFER_ALL)).containsExactly("FIRE", "FIRE", "FIRE", "FIRE", "FIRE last");
        assertThat(backfillOfFive(OverlapPolicy.ALLOW_ALL)).containsExactly("FIRE", "FIRE", "FIRE", "FIRE", "FIRE last");
        assertThat(backfillOfFive(OverlapPolicy.SKIP)).containsExactly("FIRE", "SKIP CONCURRENCY_FORBID",
                "SKIP CONCURRENCY_FORBID", "SKIP CONCURRENCY_FORBID", "SKIP CONCURRENCY_FORBID last");
        assertThat(backfillOfFive(OverlapPolicy.BUFFER_ONE)).containsExactly("FIRE", "FIRE", "SKIP BUFFER_FULL",
                "SKIP BUFFER_FULL", "SKIP BUFFER_FULL last");
        assertThat(backfillOfFive(OverlapPolicy.CANCEL_OTHER)).containsExactly("FIRE", "FIRE stopping CANCEL",
                "SKIP BUFFER_FULL", "SKIP BUFFER_FULL", "SKIP BUFFER_FULL last");
        assertThat(backfillOfFive(OverlapPolicy.TERMINATE_OTHER)).containsExactly("FIRE", "FIRE stopping TERMINATE",
                "FIRE stopping TERMINATE", "FIRE stopping TERMINATE", "FIRE stopping TERMINATE last");
    }

    @Test
    void aBackfillTimeAlreadyDecidedIsNeverDecidedAgainWhateverItsPolicy() {
        for (OverlapPolicy overlap : OverlapPolicy.values()) {
            ScheduleDefinition definition = withBackfillOfFive(overlap);
            TriggerState afterTwo = TriggerState.initial("s").backfilled("b1", T, true, false)
                    .backfilled("b1", T.plusSeconds(60), overlap != OverlapPolicy.SKIP, false);
            assertThat(FireDecision.decideBackfill(definition, afterTwo, Planned.backfill("s", T.plusSeconds(60), "b1")).kind())
                    .as(overlap.name()).isEqualTo(Kind.NONE);
            assertThat(afterTwo.backfill().decided()).isEqualTo(2);
        }
    }

    /** What each of a backfill's five times becomes under {@code overlap}, each decided on the state the one before left. */
    private static java.util.List<String> backfillOfFive(OverlapPolicy overlap) {
        ScheduleDefinition definition = withBackfillOfFive(overlap);
        TriggerState state = TriggerState.initial("s");
        java.util.List<String> decided = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant time = T.plusSeconds(60L * i);
            Decision decision = FireDecision.decideBackfill(definition, state, Planned.backfill("s", time, "b1"));
            decided.add(decision.kind() + (decision.skipReason() != null ? " " + decision.skipReason() : "")
                    + (decision.stopLastRun() != null ? " stopping " + decision.stopLastRun() : "") + (decision.last() ? " last" : ""));
            state = state.backfilled("b1", time, decision.kind() == Kind.FIRE, decision.last());
        }
        return decided;
    }

    private static ScheduleDefinition withBackfillOfFive(OverlapPolicy overlap) {
        return EVERY_MINUTE.withBackfill(new dev.eventscheduler.model.Backfill("b1", T, T.plusSeconds(300), overlap, 5, T));
    }
}

package dev.eventscheduler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The one table of run states and moves: what ends a run, and which results may follow which. */
class RunStateTest {

    private static final EnumSet<RunState> FINAL = EnumSet.of(RunState.SUCCEEDED, RunState.FAILED, RunState.TIMED_OUT,
            RunState.DEAD_LETTERED, RunState.SKIPPED, RunState.CANCELLED);

    @Test
    void aRunEndsWithSuccessFailureTimeOutDeadLetterSkipOrCancel() {
        for (RunState state : RunState.values()) {
            assertThat(state.isFinal()).as(state.name()).isEqualTo(FINAL.contains(state));
        }
    }

    @Test
    void anOpenRunMayMoveOnToAnyStateButBackToWaitingOrFiredAndAnEndedOneToNone() {
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                boolean allowed = !from.isFinal() && to != RunState.BUFFERED && (to != RunState.FIRED || from == RunState.BUFFERED);
                assertThat(from.canMoveTo(to)).as(from + " → " + to).isEqualTo(allowed);
            }
        }
        assertThat(RunState.BUFFERED.next()).as("a buffered time fires, or its result comes first")
                .isEqualTo(EnumSet.complementOf(EnumSet.of(RunState.BUFFERED)));
        assertThat(RunState.SUCCEEDED.next()).isEmpty();
    }

    @Test
    void everyResultStatusIsARunStateAndEndsTheRunExactlyWhenItsStateIsFinal() {
        for (TaskStatus status : TaskStatus.values()) {
            RunState state = RunState.of(status);
            assertThat(state.name()).isEqualTo(status.name());
            assertThat(status.endsRun()).as(status.name()).isEqualTo(state.isFinal());
        }
    }
}

package dev.eventscheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.RunControl;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which comes first, a stop request or the handler's end, decides the attempt; the thread keeps no stray interrupt. */
class RunningAttemptTest {

    private static final RunControl CANCEL = RunControl.cancel("e", Instant.parse("2026-12-07T10:00:00Z"), "why");

    @Test
    void aStopBeforeTheHandlerEndsWinsAndTellsTheHandler() {
        RunningAttempt attempt = new RunningAttempt();
        attempt.stop(CANCEL);
        attempt.end();

        assertThat(attempt.stoppedBy()).isEqualTo(CANCEL);
        assertThat(attempt.cancellation().isRequested()).isTrue();
        assertThat(attempt.cancellation().reason()).isEqualTo("why");
    }

    @Test
    void aStopAfterTheHandlerEndedChangesNothing() {
        RunningAttempt attempt = new RunningAttempt();
        attempt.end();
        attempt.stop(CANCEL);

        assertThat(attempt.stoppedBy()).isNull();
        assertThat(attempt.cancellation().isRequested()).isFalse();
    }

    @Test
    void theHandlerThreadIsInterruptedWhileItRunsTheHandlerAndClearedWhenItEnds() {
        RunningAttempt attempt = new RunningAttempt();
        assertThat(attempt.entered()).isTrue();

        attempt.stop(CANCEL);
        assertThat(Thread.currentThread().isInterrupted()).as("interrupted while the handler runs").isTrue();
        attempt.end();

        assertThat(Thread.currentThread().isInterrupted()).as("the pool thread's next work starts clean").isFalse();
    }

    @Test
    void anAttemptStoppedBeforeItsHandlerThreadEntersNeverRunsTheHandler() {
        RunningAttempt attempt = new RunningAttempt();
        attempt.stop(CANCEL);

        assertThat(attempt.entered()).isFalse();
    }

    @Test
    void aCallbackRegisteredAfterTheRequestRunsAtOnce() {
        RunningAttempt attempt = new RunningAttempt();
        attempt.stop(CANCEL);
        boolean[] ran = {false};

        attempt.cancellation().onRequest(() -> ran[0] = true);

        assertThat(ran[0]).isTrue();
    }
}

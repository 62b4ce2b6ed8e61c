package dev.eventscheduler.model.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventscheduler.model.lifecycle.Lifecycle.State;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void aServiceGoesThroughEveryStateInOrder() {
        Lifecycle lifecycle = new Lifecycle("scheduler");
        assertThat(lifecycle.state()).isEqualTo(State.NEW);
        lifecycle.starting();
        assertThat(lifecycle.state()).isEqualTo(State.STARTING);
        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(lifecycle.running()).isTrue();
        assertThat(lifecycle.isRunning()).isTrue();
        assertThat(lifecycle.drain()).isTrue();
        assertThat(lifecycle.state()).isEqualTo(State.DRAINING);
        assertThat(lifecycle.isRunning()).isFalse();
        lifecycle.closed();
        assertThat(lifecycle.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aServiceStartsOnlyOnceAndNeverAfterClosing() {
        Lifecycle started = new Lifecycle("executor");
        started.starting();
        assertThatThrownBy(started::starting).hasMessage("executor is STARTING: it can be started only once");

        Lifecycle closed = new Lifecycle("executor");
        closed.drain();
        closed.closed();
        assertThatThrownBy(closed::starting).hasMessage("executor is CLOSED: it cannot be started again");
    }

    @Test
    void onlyTheFirstCallerToDrainClosesTheService() {
        Lifecycle lifecycle = new Lifecycle("scheduler");
        lifecycle.running();
        assertThat(lifecycle.drain()).isTrue();
        assertThat(lifecycle.drain()).isFalse();
        lifecycle.closed();
        assertThat(lifecycle.drain()).isFalse();
    }

    @Test
    void aLoopStoppedBeforeItsThreadRanDoesNotStart() {
        Lifecycle loop = new Lifecycle("firing loop");
        assertThat(loop.drain()).isTrue();
        assertThat(loop.running()).isFalse();
        assertThat(loop.state()).isEqualTo(State.DRAINING);
    }

    @Test
    void aLoopRunsOnlyOnce() {
        Lifecycle loop = new Lifecycle("consumer loop");
        loop.running();
        assertThatThrownBy(loop::running).hasMessage("consumer loop is running already");
    }

    @Test
    void closingClosesThePartsOnceAndEndsClosedEvenWhenAPartFails() {
        Lifecycle lifecycle = new Lifecycle("executor");
        lifecycle.running();
        Resources parts = new Resources("executor");
        int[] closes = {0};
        parts.add("consumer", () -> closes[0]++);
        parts.add("producer", () -> {
            throw new IllegalStateException("producer stuck");
        });

        assertThatThrownBy(() -> lifecycle.close(parts)).hasMessage("producer stuck");
        assertThat(lifecycle.state()).isEqualTo(State.CLOSED);
        assertThat(lifecycle.close(parts)).isFalse();
        assertThat(closes[0]).isEqualTo(1);
    }

    @Test
    void onlyTheFirstCloseClosesTheParts() {
        Lifecycle lifecycle = new Lifecycle("scheduler");
        lifecycle.running();
        Resources parts = new Resources("scheduler");

        assertThat(lifecycle.close(parts)).isTrue();
        assertThat(lifecycle.close(parts)).isFalse();
        assertThat(lifecycle).hasToString("scheduler CLOSED");
    }
}

package dev.eventscheduler.model.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    private final List<String> closed = new ArrayList<>();
    private final Resources parts = new Resources("test service");

    @Test
    void partsCloseNewestFirst() {
        parts.add("broker", () -> closed.add("broker"));
        parts.add("scheduler", () -> closed.add("scheduler"));
        parts.add("executor", () -> closed.add("executor"));

        parts.close();

        assertThat(closed).containsExactly("executor", "scheduler", "broker");
    }

    @Test
    void everyPartClosesAndTheFirstErrorIsThrownWithTheLaterOnesOnIt() {
        parts.add("broker", () -> closed.add("broker"));
        parts.add("producer", () -> {
            throw new IOException("producer stuck");
        });
        parts.add("consumer", () -> {
            throw new IllegalStateException("consumer stuck");
        });
        parts.add("api", () -> closed.add("api"));

        assertThatThrownBy(parts::close)
                .isInstanceOf(IllegalStateException.class).hasMessage("consumer stuck")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("closing producer failed")
                                .hasRootCauseMessage("producer stuck")));
        assertThat(closed).containsExactly("api", "broker");
    }

    @Test
    void closingTwiceClosesEachPartOnce() {
        parts.add("api", () -> closed.add("api"));

        parts.close();
        parts.close();

        assertThat(closed).containsExactly("api");
    }

    @Test
    void addReturnsThePartSoItCanBeOpenedAndRegisteredInOneStep() {
        AutoCloseable part = () -> closed.add("part");

        assertThat(parts.add("part", part)).isSameAs(part);
    }

    @Test
    void aPartInterruptedWhileClosingLeavesTheThreadInterrupted() {
        parts.add("loop", () -> {
            throw new InterruptedException("joining the loop");
        });

        try {
            assertThatThrownBy(parts::close).hasRootCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}

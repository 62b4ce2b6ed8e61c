package dev.eventscheduler.executor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class AcksTest {

    /** What the record was reported as: empty for all acknowledged, else the error. */
    private final List<Optional<Exception>> reports = new ArrayList<>();
    private final Acks acks = new Acks(error -> reports.add(Optional.ofNullable(error)));

    @Test
    void reportsOnlyWhenEverySendIsAnsweredAndNoMoreAreComing() {
        Callback started = acks.expect();
        Callback result = acks.expect();

        started.onCompletion(null, null);
        acks.sealed();
        assertThat(reports).as("the final result is still unanswered").isEmpty();

        result.onCompletion(null, null);
        assertThat(reports).containsExactly(Optional.empty());
    }

    @Test
    void reportsAtTheSealWhenTheSendsWereAnsweredBefore() {
        acks.expect().onCompletion(null, null);
        acks.expect().onCompletion(null, null);
        assertThat(reports).as("more sends may still come").isEmpty();

        acks.sealed();
        assertThat(reports).containsExactly(Optional.empty());
    }

    @Test
    void reportsTheFirstFailureOnceAllAreAnswered() {
        TimeoutException first = new TimeoutException("expired");
        Callback retry = acks.expect();
        Callback result = acks.expect();
        acks.sealed();

        retry.onCompletion(null, first);
        result.onCompletion(null, new TimeoutException("expired too"));

        assertThat(reports).containsExactly(Optional.of(first));
    }

    @Test
    void countsASendAnsweredTwiceOnce() {
        // the producer can refuse a send by throwing after its callback was already registered
        Callback result = acks.expect();
        Callback deadLetter = acks.expect();
        acks.sealed();

        result.onCompletion(null, new IllegalStateException("producer failed"));
        result.onCompletion(null, null);
        assertThat(reports).as("the dead letter is still unanswered").isEmpty();

        deadLetter.onCompletion(null, null);
        assertThat(reports).hasSize(1).first().satisfies(report -> assertThat(report).isPresent());
    }

    @Test
    void aRecordFailedWithoutASendIsReportedFailed() {
        InterruptedException stopped = new InterruptedException();
        acks.failed(stopped);
        acks.sealed();

        assertThat(reports).containsExactly(Optional.of(stopped));
    }
}

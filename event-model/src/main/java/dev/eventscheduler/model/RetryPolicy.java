package dev.eventscheduler.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How often and how far apart a failed or timed-out task is tried again. Attempt {@code n}'s
 * back-off is {@code backoffMs * multiplier^(n-1)}, capped at {@code maxBackoffMs}. A field left
 * out on the wire takes its default.
 *
 * @param maxAttempts  attempts in all, the first included (default {@value #DEFAULT_MAX_ATTEMPTS}; 1 means no retry)
 * @param backoffMs    wait before the second attempt (default {@value #DEFAULT_BACKOFF_MS})
 * @param multiplier   growth of the wait per attempt (default {@value #DEFAULT_MULTIPLIER})
 * @param maxBackoffMs the longest wait (default {@value #DEFAULT_MAX_BACKOFF_MS})
 */
public record RetryPolicy(int maxAttempts, long backoffMs, double multiplier, long maxBackoffMs) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final long DEFAULT_BACKOFF_MS = 1_000;
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final long DEFAULT_MAX_BACKOFF_MS = 300_000;

    /** No retry: the first failure is final. */
    public static final RetryPolicy NONE = new RetryPolicy(1, 0, 1.0, 0);

    /** Three attempts, 1 s then 2 s apart. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_MULTIPLIER, DEFAULT_MAX_BACKOFF_MS);

    /** Reads the wire form, where every field is optional. */
    @JsonCreator
    static RetryPolicy fromJson(@JsonProperty("maxAttempts") Integer maxAttempts,
                                @JsonProperty("backoffMs") Long backoffMs,
                                @JsonProperty("multiplier") Double multiplier,
                                @JsonProperty("maxBackoffMs") Long maxBackoffMs) {
        return new RetryPolicy(
                maxAttempts != null ? maxAttempts : DEFAULT_MAX_ATTEMPTS,
                backoffMs != null ? backoffMs : DEFAULT_BACKOFF_MS,
                multiplier != null ? multiplier : DEFAULT_MULTIPLIER,
                maxBackoffMs != null ? maxBackoffMs : DEFAULT_MAX_BACKOFF_MS);
    }

    /** The wait before attempt {@code nextAttempt} (2 or more), given this policy. */
    public Duration backoffBefore(int nextAttempt) {
        double raw = backoffMs * Math.pow(multiplier, Math.max(0, nextAttempt - 2));
        return Duration.ofMillis((long) Math.min(raw, maxBackoffMs));
    }

    /** Whether another attempt follows attempt {@code attempt}. */
    public boolean hasAttemptAfter(int attempt) {
        return attempt < maxAttempts;
    }
}

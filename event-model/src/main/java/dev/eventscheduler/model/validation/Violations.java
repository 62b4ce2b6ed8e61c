package dev.eventscheduler.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.TimeBounds;
import dev.eventscheduler.model.json.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects the problems of one input; the rules shared by every event type live here so a limit
 * is stated once.
 */
final class Violations {

    /** The largest payload accepted, serialized: 256 KiB. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    static final int MAX_ID_LENGTH = 200;
    static final int MAX_KEY_LENGTH = 1_000;
    static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]+");
    static final long MAX_DURATION_MS = 86_400_000L; // one day
    static final int MAX_ATTEMPTS = 100;
    static final double MAX_MULTIPLIER = 10.0;

    private final List<Violation> found = new ArrayList<>();

    void add(String field, String message) {
        found.add(new Violation(field, message));
    }

    List<Violation> list() {
        return List.copyOf(found);
    }

    boolean required(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            add(field, "is required");
            return false;
        }
        return true;
    }

    void id(String field, String value) {
        if (!required(field, value)) {
            return;
        }
        maxLength(field, value, MAX_ID_LENGTH);
        if (!ID_PATTERN.matcher(value).matches()) {
            add(field, "may only contain letters, digits and . _ : - (was '" + abbreviate(value) + "')");
        } else if (value.equals(".") || value.equals("..")) {
            // path segments: URLs normalise them away, so such a schedule could never be addressed
            add(field, "must not be '.' or '..'");
        }
    }

    void key(String field, String value) {
        if (required(field, value)) {
            maxLength(field, value, MAX_KEY_LENGTH);
        }
    }

    /** A text of at most {@code max} characters; null passes (what is required is checked apart). */
    void maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            add(field, "must be at most " + max + " characters, was " + value.length());
        }
    }

    void payload(String field, JsonNode payload) {
        if (payload == null) {
            return;
        }
        int size = EventJson.toBytes(payload).length;
        if (size > MAX_PAYLOAD_BYTES) {
            add(field, "must be at most " + MAX_PAYLOAD_BYTES + " bytes serialized (256 KiB), was " + size);
        }
    }

    /** An instant, when present, within {@link TimeBounds}: later arithmetic on it cannot overflow. */
    void instant(String field, Instant value) {
        if (value != null && !TimeBounds.contains(value)) {
            add(field, "must be between " + TimeBounds.EARLIEST + " and " + TimeBounds.LATEST + ", was " + value);
        }
    }

    void durationMs(String field, Long value) {
        if (value != null && (value < 1 || value > MAX_DURATION_MS)) {
            add(field, "must be between 1 and " + MAX_DURATION_MS + " ms, was " + value);
        }
    }

    void retry(String field, RetryPolicy retry) {
        if (retry == null) {
            return;
        }
        if (retry.maxAttempts() < 1 || retry.maxAttempts() > MAX_ATTEMPTS) {
            add(field + ".maxAttempts", "must be between 1 and " + MAX_ATTEMPTS + ", was " + retry.maxAttempts());
        }
        if (retry.backoffMs() < 0 || retry.backoffMs() > MAX_DURATION_MS) {
            add(field + ".backoffMs", "must be between 0 and " + MAX_DURATION_MS + " ms, was " + retry.backoffMs());
        }
        if (!(retry.multiplier() >= 1.0 && retry.multiplier() <= MAX_MULTIPLIER)) {
            add(field + ".multiplier", "must be between 1.0 and " + MAX_MULTIPLIER + ", was " + retry.multiplier());
        }
        if (retry.maxBackoffMs() < retry.backoffMs() || retry.maxBackoffMs() > MAX_DURATION_MS) {
            add(field + ".maxBackoffMs", "must be between backoffMs (" + retry.backoffMs() + ") and "
                    + MAX_DURATION_MS + " ms, was " + retry.maxBackoffMs());
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}

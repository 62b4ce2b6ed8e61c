package dev.eventscheduler.scheduler.api;

import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Query parameters read and range-checked the same way on every route: a bad one is a 400 naming it. */
final class QueryParams {

    private QueryParams() {
    }

    static Instant instant(Context ctx, String name) {
        return parseInstant(name, ctx.queryParam(name));
    }

    /** {@code value} as an instant, null for null; a 400 naming {@code name} when it is none. */
    static Instant parseInstant(String name, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException("query", List.of(new Violation(name,
                    "must be an ISO-8601 instant such as 2026-11-21T10:00:00Z, was '" + value + "'")));
        }
    }

    /** {@code offset}: how many matches a page skips, 0 when absent. */
    static int offset(Context ctx) {
        return number(ctx, "offset", 0, Integer.MAX_VALUE, 0);
    }

    static int number(Context ctx, String name, int min, int max, int defaultValue) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ValidationException("query", List.of(new Violation(name,
                "must be a whole number from " + min + " to " + max + ", was '" + value + "'")));
    }

    /**
     * A comma-separated set of {@code type}'s constants, by name in any case; null when absent or
     * empty. At most as many names as the type has, each one of them.
     */
    static <E extends Enum<E>> java.util.EnumSet<E> choices(Context ctx, String name, Class<E> type) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] names = value.split(",", type.getEnumConstants().length + 1);
        java.util.EnumSet<E> chosen = java.util.EnumSet.noneOf(type);
        for (String one : names) {
            try {
                chosen.add(Enum.valueOf(type, one.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("query", List.of(new Violation(name, "must be one or more of "
                        + List.of(type.getEnumConstants()) + ", comma-separated, was '" + abbreviated(value) + "'")));
            }
        }
        return chosen;
    }

    private static String abbreviated(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }

    /** One of {@code type}'s constants, by name in any case; {@code defaultValue} when absent. */
    static <E extends Enum<E>> E choice(Context ctx, String name, Class<E> type, E defaultValue) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("query", List.of(new Violation(name, "must be one of "
                    + List.of(type.getEnumConstants()) + ", was '" + value + "'")));
        }
    }
}

package dev.eventscheduler.scheduler.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who may use the REST API, and for what: named bearer tokens, each with a {@link Role}. None
 * configured means no token is asked for (the API is then bound to loopback, or the operator allowed
 * anonymous access). A token's secret is never logged or shown; its name is, and is what a write
 * records as who made it.
 */
public final class ApiTokens {

    /** What a token may do; each role may do what the ones before it may. */
    public enum Role {
        /** Every GET, the run stream, the dashboard read-only, and the preview (which writes nothing). */
        READ,
        /** Also pause, resume, trigger and backfill schedules, post one-off events, cancel and rerun runs, redrive and discard dead letters. */
        OPERATE,
        /** Also create, replace and delete schedules and calendars. */
        ADMIN;

        /** Whether this role may do what {@code needed} may. */
        public boolean allows(Role needed) {
            return compareTo(needed) >= 0;
        }
    }

    /**
     * One token.
     *
     * @param name   1–64 of {@code [A-Za-z0-9._-]}: shown in logs and recorded with the writes it makes
     * @param role   what it may do
     * @param secret what a client sends as {@code Authorization: Bearer <secret>}: 1–1,024 characters, no whitespace
     */
    public record Token(String name, Role role, String secret) {
        @Override
        public String toString() {
            return name + "(" + role + ")"; // never the secret
        }
    }

    /** No token: the API asks for none. */
    public static final ApiTokens NONE = new ApiTokens(List.of());
    /** The name of the token {@link #single} makes. */
    public static final String DEFAULT_NAME = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_SECRET_LENGTH = 1_024;

    private final List<Token> tokens;
    private final List<byte[]> secrets;

    private ApiTokens(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
        this.secrets = tokens.stream().map(t -> t.secret().getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** These tokens, checked: names and secrets well formed and each used once. */
    public static ApiTokens of(List<Token> tokens) {
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String where = "API token " + (i + 1);
            if (token.name() == null || !NAME.matcher(token.name()).matches()) {
                throw new IllegalArgumentException(where + ": the name must be 1 to 64 of letters, digits, '.', '_' and '-'");
            }
            if (token.role() == null) {
                throw new IllegalArgumentException(where + " (" + token.name() + "): a role is required");
            }
            String secret = token.secret();
            if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH || secret.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(where + " (" + token.name() + "): the secret must be 1 to "
                        + MAX_SECRET_LENGTH + " characters without whitespace");
            }
            if (!names.add(token.name())) {
                throw new IllegalArgumentException(where + ": the name '" + token.name() + "' is used twice");
            }
            if (!secrets.add(secret)) {
                throw new IllegalArgumentException(where + " (" + token.name() + "): its secret is another token's too");
            }
        }
        return tokens.isEmpty() ? NONE : new ApiTokens(tokens);
    }

    /** One {@link Role#ADMIN} token named {@value #DEFAULT_NAME}: the single token of {@code SCHEDULER_API_TOKEN}. */
    public static ApiTokens single(String secret) {
        return of(List.of(new Token(DEFAULT_NAME, Role.ADMIN, secret)));
    }

    /**
     * Tokens written as {@code name:role:secret}, one per line or separated by {@code ;}; blank lines
     * and lines starting with {@code #} are skipped; the role in any case. The form of
     * {@code SCHEDULER_API_TOKENS} and of the file {@code SCHEDULER_API_TOKENS_FILE} names.
     *
     * @throws IllegalArgumentException naming the entry (by number and name, never its secret)
     */
    public static ApiTokens parse(String spec) {
        List<Token> tokens = new ArrayList<>();
        int entry = 0;
        for (String line : spec.split("[;\\n]")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            entry++;
            String[] parts = trimmed.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("API token " + entry + ": must be name:role:secret");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("API token " + entry + " (" + parts[0].trim() + "): the role must be one of "
                        + List.of(Role.values()));
            }
            tokens.add(new Token(parts[0].trim(), role, parts[2].trim()));
        }
        return of(tokens);
    }

    /** These tokens and {@code more}'s, checked together. */
    public ApiTokens and(ApiTokens more) {
        List<Token> all = new ArrayList<>(tokens);
        all.addAll(more.tokens);
        return of(all);
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /**
     * The token whose secret is {@code presented}, or null. Every secret is compared, each in
     * constant time, so how long it takes says nothing of which one, if any, came close.
     */
    Token match(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        Token found = null;
        for (int i = 0; i < tokens.size(); i++) {
            if (MessageDigest.isEqual(secrets.get(i), bytes)) {
                found = tokens.get(i);
            }
        }
        return found;
    }

    /** For the effective configuration's log line: names and roles, never secrets; "off" when none. */
    @Override
    public String toString() {
        return tokens.isEmpty() ? "off" : tokens.stream().map(Token::toString).collect(Collectors.joining(", "));
    }
}

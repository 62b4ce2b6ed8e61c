package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.RunState;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Checks a {@link NotifyRule} where it enters: the API before it is written, and every scheduler
 * instance as it reads the rules topic, where anyone can write. Whether the webhook's host is
 * allowed is the scheduler's to say, not the record's.
 */
public final class NotifyRuleValidator {

    /** The longest webhook URL taken. */
    public static final int MAX_URL_LENGTH = 2_000;
    public static final int MAX_DESCRIPTION_LENGTH = 1_000;

    private NotifyRuleValidator() {
    }

    /** Every problem with {@code rule}; empty when it is valid. */
    public static List<Violation> validate(NotifyRule rule) {
        Violations v = new Violations();
        v.id("name", rule.name());
        if (rule.scheduleId() != null) {
            v.id("scheduleId", rule.scheduleId());
        }
        if (rule.taskType() != null) {
            v.key("taskType", rule.taskType());
        }
        for (RunState state : rule.on()) {
            if (state == null || !state.isFinal()) {
                v.add("on", "must list states that end a run, listed " + state);
            }
        }
        if (rule.on().isEmpty() && rule.longerThanMs() == null) {
            v.add("on", "must list at least one state that ends a run, unless longerThanMs is set");
        }
        if (rule.longerThanMs() != null && (rule.longerThanMs() < NotifyRule.MIN_LONGER_THAN_MS
                || rule.longerThanMs() > NotifyRule.MAX_LONGER_THAN_MS)) {
            v.add("longerThanMs", "must be " + NotifyRule.MIN_LONGER_THAN_MS + " to " + NotifyRule.MAX_LONGER_THAN_MS
                    + ", was " + rule.longerThanMs());
        }
        if (rule.after() < 1 || rule.after() > NotifyRule.MAX_AFTER) {
            v.add("after", "must be 1 to " + NotifyRule.MAX_AFTER + ", was " + rule.after());
        }
        if (v.required("webhook", rule.webhook())) {
            v.maxLength("webhook", rule.webhook(), MAX_URL_LENGTH);
            String problem = urlProblem(rule.webhook());
            if (problem != null) {
                v.add("webhook", problem);
            }
        }
        v.maxLength("description", rule.description(), MAX_DESCRIPTION_LENGTH);
        return v.list();
    }

    /** As {@link #validate(NotifyRule)}, for a record: its name must be its key too. */
    public static List<Violation> validate(NotifyRule rule, String key) {
        List<Violation> problems = new java.util.ArrayList<>(validate(rule));
        if (rule.name() != null && !rule.name().equals(key)) {
            problems.add(new Violation("name", "must be the record key ('" + key + "'), was '" + rule.name() + "'"));
        }
        return problems;
    }

    private static String urlProblem(String url) {
        try {
            URI uri = new URI(url);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return "must be an http or https URL with a host, was '" + abbreviated(url) + "'";
            }
            return uri.getUserInfo() != null ? "must not carry a user and password in the URL" : null;
        } catch (URISyntaxException e) {
            return "is not a URL: " + e.getMessage();
        }
    }

    private static String abbreviated(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }

    /** Throws a {@link ValidationException} naming every problem, if there is any. */
    public static NotifyRule requireValid(NotifyRule rule) {
        List<Violation> problems = validate(rule);
        if (!problems.isEmpty()) {
            throw new ValidationException("notify rule", problems);
        }
        return rule;
    }
}

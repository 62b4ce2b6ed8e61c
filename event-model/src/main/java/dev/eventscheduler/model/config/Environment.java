package dev.eventscheduler.model.config;

import dev.eventscheduler.model.EventSchedulerException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a service's configuration from environment variables, with a clear error naming the
 * variable when a value is not of its kind. Every service's {@code main} uses it, so the variables
 * behave the same everywhere.
 */
public final class Environment {

    /** The Kafka cluster every service talks to. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    /** Put in front of every topic name (default {@code scheduler.}). */
    public static final String TOPIC_PREFIX = "SCHEDULER_TOPIC_PREFIX";
    /** Partitions of the topics keyed by schedule id, when a service creates them; see {@code TopicPlan}. */
    public static final String SCHEDULE_PARTITIONS = "SCHEDULER_SCHEDULE_PARTITIONS";
    /** Partitions of the tasks, results and retry topics, when a service creates them. */
    public static final String TASK_PARTITIONS = "SCHEDULER_TASK_PARTITIONS";
    /** Replicas of each topic a service creates; unset, the broker's {@code default.replication.factor}. */
    public static final String REPLICATION_FACTOR = "SCHEDULER_REPLICATION_FACTOR";
    /** {@code true}: refuse to start on a cluster of 3+ brokers whose topics have 1 replica or min.insync.replicas 1. */
    public static final String REQUIRE_REPLICATION = "SCHEDULER_REQUIRE_REPLICATION";

    private static final String KAFKA_PREFIX = "KAFKA_";

    private final Map<String, String> variables;

    public Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The process's own environment. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    public String string(String name, String defaultValue) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public int integer(String name, int defaultValue) {
        return parsed(name, defaultValue, Integer::valueOf, "a whole number");
    }

    public long longValue(String name, long defaultValue) {
        return parsed(name, defaultValue, Long::valueOf, "a whole number");
    }

    private <T> T parsed(String name, T defaultValue, Function<String, T> parser, String kind) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new EventSchedulerException(name + " must be " + kind + ", was '" + value + "'");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new EventSchedulerException(name + " must be true or false, was '" + value + "'");
        };
    }

    /** A comma-separated list, blanks dropped. */
    public Set<String> list(String name) {
        String value = string(name, "");
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * {@code settings} for a log line: values of keys that look secret (passwords, JAAS configs,
     * secrets) replaced by {@code *****}, keys sorted.
     */
    public static Map<String, Object> masked(Map<String, ?> settings) {
        Map<String, Object> shown = new TreeMap<>();
        settings.forEach((key, value) -> shown.put(key,
                key.contains("password") || key.contains("jaas") || key.contains("secret") ? "*****" : value));
        return shown;
    }

    /**
     * Kafka client settings passed through: every {@code KAFKA_*} variable but
     * {@value #KAFKA_BOOTSTRAP_SERVERS}, lower-cased with {@code _} turned into {@code .}, so
     * {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} becomes {@code security.protocol=SASL_SSL}.
     */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> properties = new TreeMap<>();
        variables.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && !name.equals(KAFKA_BOOTSTRAP_SERVERS)) {
                properties.put(name.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return properties;
    }
}

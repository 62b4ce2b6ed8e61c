package dev.eventscheduler.executor;

import dev.eventscheduler.model.RetryPolicy;
import dev.eventscheduler.model.config.Environment;
import dev.eventscheduler.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The effective configuration of an {@link Executor}, as built by {@link ExecutorBuilder} (see its
 * setters for each setting's meaning and default). Logged once at start, secrets masked.
 */
public record ExecutorSettings(
        String bootstrapServers,
        String groupId,
        Topics topics,
        String executorId,
        boolean staticMembership,
        int concurrency,
        int maxInFlight,
        Duration defaultTimeout,
        RetryPolicy defaultRetry,
        boolean publishStarted,
        Duration commitInterval,
        Duration shutdownTimeout,
        Duration revokeTimeout,
        Duration publishFailureBackoff,
        int httpPort,
        Set<String> httpAllowedHosts,
        Map<String, Object> kafkaProperties,
        Clock clock) {

    /** A one-line summary for the log, with values of secret-looking Kafka settings masked. */
    public String describe() {
        return "bootstrap.servers=" + bootstrapServers + " group=" + groupId + " topics=" + topics.prefix() + "*"
                + " executorId=" + executorId + (staticMembership ? " staticMembership=on" : "") + " concurrency=" + concurrency + " maxInFlight=" + maxInFlight
                + " defaultTimeout=" + defaultTimeout + " defaultRetry=" + defaultRetry
                + " publishStarted=" + publishStarted + " commitInterval=" + commitInterval
                + " shutdownTimeout=" + shutdownTimeout + " publishFailureBackoff=" + publishFailureBackoff
                + " httpPort=" + httpPort
                + " httpAllowedHosts=" + httpAllowedHosts + " kafka=" + Environment.masked(kafkaProperties);
    }
}

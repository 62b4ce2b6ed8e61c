package dev.eventscheduler.scheduler;

import dev.eventscheduler.model.config.Environment;
import dev.eventscheduler.model.topics.Topics;
import dev.eventscheduler.scheduler.api.ApiTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The effective configuration of a {@link SchedulerService}, as built by
 * {@link SchedulerServiceBuilder} (see its setters for each setting's meaning and default).
 */
public record SchedulerSettings(
        String bootstrapServers,
        Topics topics,
        String instanceId,
        String groupId,
        boolean staticMembership,
        Duration firingInterval,
        Duration timingHorizon,
        Duration transactionTimeout,
        Duration misfireThreshold,
        Duration trackerLookback,
        int httpPort,
        String httpHost,
        ApiTokens apiTokens,
        Set<String> webhookAllowedHosts,
        Duration webhookRetryBackoff,
        Map<String, Object> kafkaProperties,
        Clock clock) {

    /** A one-line summary for the log, with the token and secret-looking Kafka settings masked. */
    public String describe() {
        return "bootstrap.servers=" + bootstrapServers + " topics=" + topics.prefix() + "* instanceId=" + instanceId
                + " group=" + groupId + (staticMembership ? " staticMembership=on" : "") + " firingInterval=" + firingInterval
                + " timingHorizon=" + timingHorizon + " transactionTimeout=" + transactionTimeout
                + " misfireThreshold=" + misfireThreshold
                + " trackerLookback=" + trackerLookback + " http=" + httpHost + ":" + httpPort
                + " apiTokens=" + apiTokens + " webhookAllowedHosts=" + webhookAllowedHosts + " kafka=" + Environment.masked(kafkaProperties);
    }
}

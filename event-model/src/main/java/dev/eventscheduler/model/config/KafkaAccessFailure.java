package dev.eventscheduler.model.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.slf4j.LoggerFactory;

/**
 * Says in one line why Kafka refused a service: its credentials (authentication), or what it may do
 * (authorization, a missing ACL). A service's {@code main} logs that line and exits, instead of a
 * stack trace, or retrying what cannot succeed. Nothing secret is in the line: the user name, never
 * the password.
 */
public final class KafkaAccessFailure {

    /** The exit status of a service Kafka refused. */
    public static final int EXIT_STATUS = 2;
    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private KafkaAccessFailure() {
    }

    /**
     * The line for {@code failure} when Kafka's refusal is among its causes, else empty.
     *
     * @param bootstrapServers the cluster the service was told to use
     * @param clientConfig     the service's Kafka client settings, for the protocol, mechanism and user
     */
    public static Optional<String> describe(Throwable failure, String bootstrapServers, Map<String, Object> clientConfig) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return Optional.of("Kafka at " + bootstrapServers + " refused this service's credentials (" + identity(clientConfig)
                        + "): " + failure.getMessage() + " Check KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM and "
                        + "KAFKA_SASL_JAAS_CONFIG (docs/production-kafka.md).");
            }
            if (cause instanceof AuthorizationException) {
                return Optional.of("Kafka at " + bootstrapServers + " refused this service access (" + identity(clientConfig)
                        + "): " + failure.getMessage() + refusedResources(cause) + " Grant the ACLs in docs/production-kafka.md#acls.");
            }
        }
        return Optional.empty();
    }

    /**
     * For a service's {@code main}: when Kafka refused it, logs the {@link #describe} line as an
     * error and exits the JVM with status {@value #EXIT_STATUS} (shutdown hooks run); otherwise
     * returns {@code failure} for the caller to throw.
     */
    public static RuntimeException exitIfRefused(RuntimeException failure, String bootstrapServers, Map<String, Object> clientConfig) {
        Optional<String> refused = describe(failure, bootstrapServers, clientConfig);
        if (refused.isEmpty()) {
            return failure;
        }
        LoggerFactory.getLogger(KafkaAccessFailure.class).error(refused.get());
        System.exit(EXIT_STATUS);
        return failure;
    }

    private static String refusedResources(Throwable refusal) {
        if (refusal instanceof TopicAuthorizationException topics && !topics.unauthorizedTopics().isEmpty()) {
            return " (topics " + topics.unauthorizedTopics() + ")";
        }
        if (refusal instanceof GroupAuthorizationException group && group.groupId() != null) {
            return " (group " + group.groupId() + ")";
        }
        return "";
    }

    private static String identity(Map<String, Object> config) {
        Object protocol = config.getOrDefault("security.protocol", "PLAINTEXT");
        Object mechanism = config.getOrDefault("sasl.mechanism", "GSSAPI");
        Object jaas = config.get("sasl.jaas.config");
        Matcher user = JAAS_USER.matcher(jaas == null ? "" : jaas.toString());
        return "security.protocol " + protocol + (protocol.toString().startsWith("SASL") ? ", sasl.mechanism " + mechanism
                + (user.find() ? ", user " + user.group(1) : "") : "");
    }
}

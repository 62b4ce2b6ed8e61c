package dev.eventscheduler.model.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventscheduler.model.EventSchedulerException;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaAccessFailureTest {

    private static final Map<String, Object> SCRAM = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"scheduler\" password=\"s3cret\";");

    @Test
    void aRefusedLoginNamesTheUserAndNeverThePassword() {
        var line = KafkaAccessFailure.describe(new EventSchedulerException("topic provisioning failed: bad credentials",
                new SaslAuthenticationException("bad credentials")), "b1:9093", SCRAM);

        assertThat(line).get().asString().startsWith("Kafka at b1:9093 refused this service's credentials (security.protocol SASL_SSL, "
                + "sasl.mechanism SCRAM-SHA-512, user scheduler): topic provisioning failed: bad credentials").doesNotContain("s3cret");
    }

    @Test
    void aMissingAclNamesTheTopicsRefused() {
        var line = KafkaAccessFailure.describe(new EventSchedulerException("topic provisioning failed: Authorization failed.",
                new TopicAuthorizationException(Set.of("scheduler.retry"))), "b1:9093", Map.of());

        assertThat(line).get().asString().contains("refused this service access (security.protocol PLAINTEXT)")
                .contains("(topics [scheduler.retry])").endsWith("docs/production-kafka.md#acls.");
    }

    @Test
    void anyOtherFailureIsNotARefusal() {
        assertThat(KafkaAccessFailure.describe(new EventSchedulerException("no answer", new TimeoutException("t")), "b", SCRAM)).isEmpty();
    }
}

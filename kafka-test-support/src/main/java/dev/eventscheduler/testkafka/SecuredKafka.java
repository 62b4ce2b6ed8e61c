package dev.eventscheduler.testkafka;

import dev.eventscheduler.localkafka.FreePorts;
import dev.eventscheduler.localkafka.LocalKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A real Kafka broker that admits only authenticated, authorized clients, as a production cluster
 * does: one {@code SASL_SSL} listener with SCRAM-SHA-512 users and a TLS certificate made for the
 * test ({@link SelfSignedTls}), and Kafka's {@code StandardAuthorizer} with no access unless an ACL
 * grants it. The broker's own user {@value #ADMIN} is its only super user, and creates the others.
 * Its controller listener is PLAINTEXT on 127.0.0.1 (the node's own, not for clients).
 */
public final class SecuredKafka implements AutoCloseable {

    /** The super user: the broker's own principal, and the one that creates users and ACLs. */
    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String LISTENER = "SASL_SSL";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SelfSignedTls tls;
    private final String adminPassword;
    private final String bootstrapServers;
    private final LocalKafkaBroker broker;
    private final Admin admin;

    private SecuredKafka(Path directory) {
        this.adminPassword = "admin-secret";
        this.tls = SelfSignedTls.create(directory.resolve("tls"), "tls-secret");
        List<Integer> ports = FreePorts.distinct(2);
        int port = ports.get(0);
        int controllerPort = ports.get(1);
        this.bootstrapServers = LocalKafkaBroker.HOST + ":" + port;
        LocalKafkaBroker.Builder builder = LocalKafkaBroker.builder().port(port).controllerPort(controllerPort)
                .dataDirectory(directory.resolve("kafka")).scramUser(ADMIN, adminPassword)
                .clientProperties(clientConfig(ADMIN, adminPassword));
        brokerProperties(port, controllerPort).forEach(builder::brokerProperty);
        this.broker = builder.build().start();
        this.admin = Admin.create(clientConfig(ADMIN, adminPassword));
    }

    /** Starts a secured broker with its data, certificate and logs under {@code directory}. */
    public static SecuredKafka start(Path directory) {
        return new SecuredKafka(directory);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates (or replaces) the SCRAM-SHA-512 user {@code name}. */
    public void addUser(String name, String password) {
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all());
    }

    /** Grants what {@code bindings} say. */
    public void allow(List<AclBinding> bindings) {
        await(admin.createAcls(bindings).all());
    }

    /** The client settings of user {@code name}: bootstrap, SASL_SSL, SCRAM-SHA-512 and the truststore. */
    public Map<String, Object> clientConfig(String name, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, LISTENER);
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(name, password));
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.truststore().toString());
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.password());
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        return config;
    }

    /**
     * The same settings as a service's environment variables ({@code KAFKA_SECURITY_PROTOCOL} and so
     * on), as docs/production-kafka.md shows them.
     */
    public Map<String, String> environment(String name, String password) {
        Map<String, String> env = new HashMap<>();
        clientConfig(name, password).forEach((key, value) ->
                env.put("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value.toString()));
        return env;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        broker.close();
    }

    private Map<String, String> brokerProperties(int port, int controllerPort) {
        String host = LocalKafkaBroker.HOST;
        Map<String, String> props = new HashMap<>();
        props.put("listeners", LISTENER + "://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        props.put("advertised.listeners", LISTENER + "://" + host + ":" + port);
        props.put("listener.security.protocol.map", LISTENER + ":SASL_SSL,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", LISTENER);
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, adminPassword));
        props.put("ssl.keystore.location", tls.keystore().toString());
        props.put("ssl.keystore.password", tls.password());
        props.put("ssl.key.password", tls.password());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.truststore.location", tls.truststore().toString());
        props.put("ssl.truststore.password", tls.password());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // the controller listener is PLAINTEXT on loopback: the node's own requests there come as ANONYMOUS
        props.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        return props;
    }

    private static String jaas(String name, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name
                + "\" password=\"" + password + "\";";
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("secured broker request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.govstream.broker;

import java.util.HashMap;
import java.util.Map;

/**
 * A Kafka cluster on this machine that govstream started: one node in this JVM
 * ({@link EmbeddedKafka}) or several, each its own process ({@link KafkaCluster}). Either way
 * SASL/SCRAM on every listener, the standard ACL authorizer, and an {@code admin} super user.
 */
public abstract sealed class LocalKafka implements AutoCloseable permits EmbeddedKafka, KafkaCluster {
    static {
        // Before any node's inter-broker client or any client of this JVM logs in: each connection's SCRAM login
        // reuses the salted password instead of deriving it again (ScramClients).
        ScramClients.install();
    }

    final BrokerSettings settings;
    private final String adminPassword;

    LocalKafka(BrokerSettings settings, String adminPassword) {
        this.settings = settings;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts a cluster as {@code settings} describes it: one node in this JVM, or a
     * {@link KafkaCluster} of one process per node.
     */
    public static LocalKafka start(BrokerSettings settings) {
        return settings.nodes() == 1 ? EmbeddedKafka.start(settings) : KafkaCluster.start(settings);
    }

    /** {@code host:port} of every node's client listener, comma-separated. */
    public abstract String bootstrapServers();

    public BrokerSettings settings() {
        return settings;
    }

    /** Connection properties for the admin super user. */
    public Map<String, Object> adminClientProperties() {
        return clientProperties(BrokerConfig.ADMIN_USER, adminPassword);
    }

    /** Connection properties for any SCRAM-SHA-512 principal, to every node (over TLS trusting the local CA, if on). */
    public Map<String, Object> clientProperties(String username, String password) {
        Map<String, Object> props = new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers(),
                "security.protocol", settings().tls() ? "SASL_SSL" : "SASL_PLAINTEXT",
                "sasl.mechanism", Sasl.SCRAM,
                "sasl.jaas.config", Sasl.scramLogin(username, password)));
        if (settings().tls()) {
            props.put("ssl.truststore.type", "PEM");
            props.put("ssl.truststore.location", settings().tlsDir().resolve(LocalCertificates.CA_CERT).toString());
        }
        return Map.copyOf(props);
    }

    /** Stops every node this object started. Safe to call more than once. */
    @Override
    public abstract void close();
}

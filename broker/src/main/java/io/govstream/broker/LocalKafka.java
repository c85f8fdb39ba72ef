package io.govstream.broker;

import java.util.Map;

/**
 * A Kafka cluster on this machine that govstream started: one node in this JVM
 * ({@link EmbeddedKafka}) or several, each its own process ({@link KafkaCluster}). Either way
 * SASL/SCRAM on every listener, the standard ACL authorizer, and an {@code admin} super user.
 */
public interface LocalKafka extends AutoCloseable {

    /**
     * Starts a cluster as {@code settings} describes it: one node in this JVM, or a
     * {@link KafkaCluster} of one process per node.
     */
    static LocalKafka start(BrokerSettings settings) {
        return settings.nodes() == 1 ? EmbeddedKafka.start(settings) : KafkaCluster.start(settings);
    }

    /** {@code host:port} of every node's client listener, comma-separated. */
    String bootstrapServers();

    BrokerSettings settings();

    /** Connection properties for the admin super user. */
    Map<String, Object> adminClientProperties();

    /** Connection properties for any SCRAM-SHA-512 principal, to every node. */
    default Map<String, Object> clientProperties(String username, String password) {
        return ClientConfig.forPrincipal(settings(), bootstrapServers(), username, password);
    }

    /** Stops every node this object started. Safe to call more than once. */
    @Override
    void close();
}

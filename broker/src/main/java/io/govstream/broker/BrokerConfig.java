package io.govstream.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The server properties of a combined broker + controller node: alone, or one of a cluster's voters. */
final class BrokerConfig {

    /** The node of a single-node broker, and the first of a cluster. */
    static final int NODE_ID = 1;
    static final String ADMIN_USER = "admin";
    static final String CONTROLLER_USER = "controller";
    static final String BROKER_LISTENER = "BROKER";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerConfig() {
    }

    /** The properties of node {@code nodeId} (1-based) of the cluster {@code settings} describes. */
    static Map<String, Object> serverProperties(BrokerSettings settings, int nodeId, String adminPassword, String controllerPassword) {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", nodeId);
        p.put("controller.quorum.voters", IntStream.rangeClosed(1, settings.nodes())
                .mapToObj(n -> n + "@localhost:" + settings.controllerPort(n)).collect(Collectors.joining(",")));
        p.put("listeners", BROKER_LISTENER + "://localhost:" + settings.port(nodeId)
                + "," + CONTROLLER_LISTENER + "://localhost:" + settings.controllerPort(nodeId));
        p.put("advertised.listeners", BROKER_LISTENER + "://localhost:" + settings.port(nodeId));
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":" + (settings.tls() ? "SASL_SSL" : "SASL_PLAINTEXT")
                + "," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        if (settings.tls()) {
            // PEM files from LocalCertificates: no key store passwords to manage.
            p.put("listener.name.broker.ssl.keystore.type", "PEM");
            p.put("listener.name.broker.ssl.keystore.location", settings.tlsDir().resolve(LocalCertificates.SERVER_PEM).toString());
            p.put("listener.name.broker.ssl.truststore.type", "PEM");
            p.put("listener.name.broker.ssl.truststore.location", settings.tlsDir().resolve(LocalCertificates.CA_CERT).toString());
            p.put("ssl.enabled.protocols", "TLSv1.3,TLSv1.2");
            // The broker's own inter-broker client connects over SASL_SSL too and must trust the local CA.
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", settings.tlsDir().resolve(LocalCertificates.CA_CERT).toString());
        }
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", settings.kafkaDir(nodeId).toString());

        p.put("sasl.enabled.mechanisms", Sasl.SCRAM);
        p.put("sasl.mechanism.inter.broker.protocol", Sasl.SCRAM);
        p.put("listener.name.broker.scram-sha-512.sasl.jaas.config", Sasl.scramLogin(ADMIN_USER, adminPassword));
        // PLAIN for the controller: it must authenticate before any SCRAM credential has been replayed from metadata.
        p.put("sasl.mechanism.controller.protocol", Sasl.PLAIN);
        p.put("listener.name.controller.sasl.enabled.mechanisms", Sasl.PLAIN);
        p.put("listener.name.controller.plain.sasl.jaas.config", Sasl.plainLoginAndUser(CONTROLLER_USER, controllerPassword));

        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN_USER + ";User:" + CONTROLLER_USER);
        p.put("allow.everyone.if.no.acl.found", "false");

        // One node: every replicated internal topic must accept a single replica. Three or more: three
        // replicas, and a write needs two of them (one node may fail without losing a committed record).
        String replicas = String.valueOf(replicationFactor(settings.nodes()));
        String minInSync = String.valueOf(minInSyncReplicas(settings.nodes()));
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInSync);
        p.put("num.partitions", "1");
        // The coordinators' topics: five partitions, not fifty (sized for thousands of groups; a platform has dozens).
        // Each is a log to load and to elect a leader for: `govctl up` to ready 16.1-16.7 CPU-s, at fifty 18.2-19.0.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A transaction past its timeout (its producer killed, or stalled by a failover) is aborted within a second, not
        // Kafka's ten: until then it holds back every read_committed reader of its partitions.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("auto.create.topics.enable", "false");
        // No controlled shutdown: a node stops only with every other (KafkaCluster.close, or a single node), so there is
        // no node left to lead its partitions. It would wait up to 5 minutes for the controller quorum to move them, and
        // once the other nodes, stopping at the same time, no longer form a quorum, no answer comes (KafkaClusterIT).
        // Without it a node closes its logs and stops.
        p.put("controlled.shutdown.enable", "false");
        // The log cleaner's map of the keys it has seen: 8 MiB (about 300,000 keys a pass; a log with more takes more
        // passes) instead of Kafka's 128 MiB, a quarter of a node process's 512 MiB heap here, which the cleaner
        // zeroes before every pass: the catalogue's compacted topics are cleaned often, and a test JVM running
        // platforms spent 2 % of its CPU time zeroing it (docs/measurements.md).
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    /** Replicas of every topic on a cluster of {@code nodes}: all of them, up to three. */
    static int replicationFactor(int nodes) {
        return Math.min(nodes, 3);
    }

    /** In-sync replicas a write needs: one fewer than the replicas, at least one. */
    static int minInSyncReplicas(int nodes) {
        return Math.max(1, replicationFactor(nodes) - 1);
    }
}

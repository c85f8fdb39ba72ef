package io.govstream.broker;

import io.govstream.secrets.SecretFiles;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kafka node (combined KRaft broker and controller) running in this JVM, with SASL/SCRAM
 * authentication and the standard ACL authorizer: a single-node cluster ({@link #start}), or one
 * node of a {@link KafkaCluster}, each node in an operating-system process of its own
 * ({@link KafkaNode}).
 */
public final class EmbeddedKafka extends LocalKafka {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int nodeId;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(BrokerSettings settings, int nodeId, String adminPassword, KafkaRaftServer server) {
        super(settings, adminPassword);
        this.nodeId = nodeId;
        this.server = server;
    }

    /**
     * Starts the broker and returns once it answers an authenticated admin request. Formats the
     * storage on the first start; later starts on the same data dir resume its topics and records.
     *
     * @throws BrokerStartException if it cannot start; whatever had started is shut down again
     */
    public static EmbeddedKafka start(BrokerSettings settings) {
        if (settings.nodes() != 1) {
            throw new IllegalArgumentException("EmbeddedKafka runs a single node; " + settings.nodes()
                    + " nodes run as a KafkaCluster, one process each");
        }
        if (StorageFormat.isFormatted(settings.dataDir().resolve("kafka-2"))) {
            throw new BrokerStartException("The data dir " + settings.dataDir() + " holds the storage of a Kafka cluster of several"
                    + " nodes (kafka-2/ and on): a data dir keeps the node count it was made with; start it with that count");
        }
        long startedAt = System.nanoTime();
        PortCheck.requireFree(settings.port(), "client");
        PortCheck.requireFree(settings.controllerPort(), "controller");
        // Logs, metadata (with the admin's SCRAM credential) and secrets: only the owner may enter.
        SecretFiles.ownerOnlyDirectory(settings.dataDir());
        SecretFiles.ownerOnlyDirectory(settings.secretsDir());
        SecretFiles.ownerOnlyDirectory(settings.kafkaDir());
        String adminPassword = AdminPassword.readOrCreate(settings.secretsDir());
        if (settings.tls()) {
            LocalCertificates.ensure(settings.tlsDir());
        }
        StorageFormat.formatIfNeeded(settings.kafkaDir(), BrokerConfig.NODE_ID, Uuid.randomUuid().toString(), adminPassword);
        // The controller password only has to match itself within this process, so it is never stored.
        EmbeddedKafka kafka = run(settings, BrokerConfig.NODE_ID, adminPassword, SecretFiles.randomPassword());
        LOG.info("Kafka ready on {} in {} ms (data in {})", kafka.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), settings.kafkaDir());
        return kafka;
    }

    /**
     * Runs node {@code nodeId} of a cluster whose storage {@link KafkaCluster} has formatted, and
     * returns once the node has started (it answers once a quorum of the controllers runs).
     */
    static EmbeddedKafka startNode(BrokerSettings settings, int nodeId) {
        String adminPassword = AdminPassword.readOrCreate(settings.secretsDir());
        if (!StorageFormat.isFormatted(settings.kafkaDir(nodeId))) {
            throw new BrokerStartException("Kafka storage of node " + nodeId + " in " + settings.kafkaDir(nodeId)
                    + " is not formatted; a KafkaCluster formats it before starting the node");
        }
        EmbeddedKafka kafka = run(settings, nodeId, adminPassword, AdminPassword.readOrCreateControllerPassword(settings.secretsDir()));
        LOG.info("Kafka node {} running on localhost:{} (data in {})", nodeId, settings.port(nodeId), settings.kafkaDir(nodeId));
        return kafka;
    }

    private static EmbeddedKafka run(BrokerSettings settings, int nodeId, String adminPassword, String controllerPassword) {
        KafkaRaftServer server;
        try {
            // Reads and checks the formatted log dirs; nothing runs yet if this fails.
            server = new KafkaRaftServer(
                    new KafkaConfig(BrokerConfig.serverProperties(settings, nodeId, adminPassword, controllerPassword), false),
                    Time.SYSTEM);
        } catch (RuntimeException e) {
            throw failure(settings, e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(settings, nodeId, adminPassword, server);
        try {
            server.startup();
            if (settings.nodes() == 1) {
                kafka.awaitReady();
            }
        } catch (RuntimeException e) {
            // The server's threads are not daemons: leaving them running would keep the JVM alive.
            kafka.closeAfterFailedStart(e);
            throw failure(settings, e);
        }
        return kafka;
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + settings.port(nodeId);
    }

    /** Shuts the broker down and waits until its threads are gone. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka on {} stopped", bootstrapServers());
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(adminClientProperties())) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BrokerStartException("Kafka started but does not answer the admin client on "
                    + bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerStartException("Kafka did not become ready on " + bootstrapServers()
                    + " within " + READY_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("Interrupted while waiting for Kafka to become ready", e);
        }
    }

    private static BrokerStartException failure(BrokerSettings settings, RuntimeException e) {
        return e instanceof BrokerStartException started ? started
                : new BrokerStartException("Kafka failed to start on localhost:" + settings.port()
                + " with data in " + settings.dataDir() + ": " + e.getMessage(), e);
    }

    private void closeAfterFailedStart(RuntimeException startFailure) {
        try {
            close();
        } catch (RuntimeException shutdownFailure) {
            // The start failure is the one the user must see; the shutdown failure rides along.
            startFailure.addSuppressed(shutdownFailure);
        }
    }
}

package io.govstream.broker;

import io.govstream.secrets.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster of several nodes on this machine, each node (combined KRaft broker and
 * controller, every one a voter) in an operating-system process of its own ({@link KafkaNode}),
 * so that a node can be killed with SIGKILL as a machine would fail. Replication is real: three
 * replicas of every topic from three nodes on, two of them in sync for a write
 * ({@link BrokerConfig}). The same SASL/SCRAM and ACL setup as a single node; node n keeps its
 * logs and metadata in {@code kafka/} (node 1) or {@code kafka-n/}, its output in
 * {@code logs/kafka-n.log}.
 */
public final class KafkaCluster extends LocalKafka {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /** Node n at index n - 1; null where a node is not running. */
    private final Process[] processes;
    private boolean closed;

    private KafkaCluster(BrokerSettings settings, String adminPassword) {
        super(settings, adminPassword);
        this.processes = new Process[settings.nodes()];
    }

    /**
     * Starts every node, each with a heap of 512 MiB and this JVM's {@code -XX} options, formatting
     * the storage on the first start (one cluster id for all), and returns once every node has joined.
     *
     * @throws BrokerStartException if a port is taken, the nodes' storage belongs to different
     *                              clusters, or a node does not join; what had started is stopped again
     */
    public static KafkaCluster start(BrokerSettings settings) {
        if (settings.nodes() < 2) {
            throw new IllegalArgumentException("a KafkaCluster has two nodes or more; one node runs as EmbeddedKafka");
        }
        long startedAt = System.nanoTime();
        IntStream.rangeClosed(1, settings.nodes()).forEach(n -> requirePortsFree(settings, n));
        // Logs, metadata (with the admin's SCRAM credential) and secrets: only the owner may enter.
        SecretFiles.ownerOnlyDirectory(settings.dataDir());
        SecretFiles.ownerOnlyDirectory(settings.secretsDir());
        SecretFiles.ownerOnlyDirectory(logDir(settings));
        String adminPassword = AdminPassword.readOrCreate(settings.secretsDir());
        AdminPassword.readOrCreateControllerPassword(settings.secretsDir());
        if (settings.tls()) {
            LocalCertificates.ensure(settings.tlsDir());
        }
        String clusterId = clusterId(settings);
        for (int n = 1; n <= settings.nodes(); n++) {
            SecretFiles.ownerOnlyDirectory(settings.kafkaDir(n));
            StorageFormat.formatIfNeeded(settings.kafkaDir(n), n, clusterId, adminPassword);
        }
        KafkaCluster cluster = new KafkaCluster(settings, adminPassword);
        try {
            // All at once: a node's broker waits for a quorum of the controllers before it runs.
            IntStream.rangeClosed(1, settings.nodes()).forEach(cluster::launch);
            cluster.awaitJoined(IntStream.rangeClosed(1, settings.nodes()).boxed().collect(Collectors.toCollection(TreeSet::new)));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info("Kafka cluster of {} nodes ready on {} in {} ms (data in {})", settings.nodes(), cluster.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), settings.dataDir());
        return cluster;
    }

    @Override
    public String bootstrapServers() {
        return IntStream.rangeClosed(1, settings.nodes()).mapToObj(n -> "localhost:" + settings.port(n))
                .collect(Collectors.joining(","));
    }

    /** SIGKILL to node {@code nodeId}'s process, as a machine fails: no controlled shutdown, nothing flushed. */
    public synchronized void kill(int nodeId) throws InterruptedException {
        Process process = running(nodeId);
        process.destroyForcibly();
        process.waitFor();
        processes[nodeId - 1] = null;
        LOG.info("Kafka node {} killed", nodeId);
    }

    /** Starts node {@code nodeId} again on its data and returns once it has rejoined the cluster. */
    public synchronized void restart(int nodeId) {
        if (processes[nodeId - 1] != null) {
            throw new IllegalStateException("node " + nodeId + " is running");
        }
        requirePortsFree(settings, nodeId);
        launch(nodeId);
        awaitJoined(Set.of(nodeId));
    }

    /** The node id of the active controller, as the running nodes report it. */
    public int activeController() throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get().leaderId();
        }
    }

    /** The operating-system process id of node {@code nodeId}. */
    public synchronized long pid(int nodeId) {
        return running(nodeId).pid();
    }

    /** What node {@code nodeId} wrote to its standard output and error, all starts. */
    public Path log(int nodeId) {
        return logDir(settings).resolve("kafka-" + nodeId + ".log");
    }

    /** SIGTERM to every node (a clean shutdown), SIGKILL to any still running after a minute. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Arrays.stream(processes).filter(Objects::nonNull).forEach(Process::destroy);
        for (int n = 1; n <= processes.length; n++) {
            Process process = processes[n - 1];
            if (process == null) {
                continue;
            }
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("Kafka node {} did not stop within {} s; killing it", n, STOP_TIMEOUT.toSeconds());
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            processes[n - 1] = null;
        }
        LOG.info("Kafka cluster on {} stopped", bootstrapServers());
    }

    private void launch(int nodeId) {
        try {
            processes[nodeId - 1] = ChildJvm.start(List.of(), KafkaNode.class.getName(), KafkaNode.arguments(settings, nodeId), log(nodeId));
        } catch (IOException e) {
            throw new BrokerStartException("Cannot start Kafka node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /** Waits until every node of {@code nodeIds} is a live broker of the cluster; fails early if one's process exits. */
    private void awaitJoined(Set<Integer> nodeIds) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                for (int n : nodeIds) {
                    Process process = processes[n - 1];
                    if (!process.isAlive()) {
                        processes[n - 1] = null;
                        throw new BrokerStartException("Kafka node " + n + " exited with " + process.exitValue()
                                + " while starting; its output is in " + log(n) + ":\n" + ChildJvm.tail(log(n)));
                    }
                }
                if (joined(admin).containsAll(nodeIds)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new BrokerStartException("Kafka nodes " + nodeIds + " did not all join within "
                            + READY_TIMEOUT.toSeconds() + " s; their output is in " + logDir(settings));
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("Interrupted while waiting for the Kafka cluster", e);
        }
    }

    private static Set<Integer> joined(Admin admin) throws InterruptedException {
        try {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // Not answering yet: the nodes are still electing a controller or catching up.
            return Set.of();
        }
    }

    private Admin admin() {
        Map<String, Object> properties = new java.util.HashMap<>(adminClientProperties());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(properties);
    }

    private synchronized Process running(int nodeId) {
        if (nodeId < 1 || nodeId > processes.length) {
            throw new IllegalArgumentException("no node " + nodeId + ": the cluster has nodes 1.." + processes.length);
        }
        Process process = processes[nodeId - 1];
        if (process == null) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        return process;
    }

    /**
     * The id of the cluster the nodes' storage belongs to, or a new one if none is formatted. Either every node is
     * formatted, for one cluster, or none: a data dir keeps the node count it was made with.
     */
    private static String clusterId(BrokerSettings settings) {
        Set<String> ids = new TreeSet<>();
        int formatted = 0;
        for (int n = 1; n <= settings.nodes(); n++) {
            if (StorageFormat.isFormatted(settings.kafkaDir(n))) {
                ids.add(StorageFormat.clusterId(settings.kafkaDir(n)));
                formatted++;
            }
        }
        if (formatted > 0 && formatted < settings.nodes()) {
            throw new BrokerStartException("The data dir " + settings.dataDir() + " holds Kafka storage of " + formatted
                    + (formatted == 1 ? " node" : " nodes") + ", not " + settings.nodes() + ": a data dir keeps the node count it"
                    + " was made with; start it with that count, or a cluster of " + settings.nodes() + " in a new data dir");
        }
        if (ids.size() > 1) {
            throw new BrokerStartException("The nodes' storage in " + settings.dataDir() + " belongs to different clusters "
                    + ids + "; start each cluster from its own data dir");
        }
        return ids.isEmpty() ? Uuid.randomUuid().toString() : ids.iterator().next();
    }

    private static void requirePortsFree(BrokerSettings settings, int nodeId) {
        PortCheck.requireFree(settings.port(nodeId), "client (node " + nodeId + ")");
        PortCheck.requireFree(settings.controllerPort(nodeId), "controller (node " + nodeId + ")");
    }

    private static Path logDir(BrokerSettings settings) {
        return settings.dataDir().resolve("logs");
    }
}

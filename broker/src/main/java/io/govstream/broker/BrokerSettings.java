package io.govstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Where the embedded broker keeps its state and which ports it listens on; with peers, a cluster
 * of several nodes in this JVM.
 *
 * @param dataDir        root of all local state: {@code kafka/} for logs and metadata (node 1; node n of a cluster
 *                       in {@code kafka-n/}), {@code secrets/} for passwords; the broker makes them owner-only (0700)
 * @param port           the client listener (SASL_PLAINTEXT, SCRAM-SHA-512) on localhost of node 1
 * @param controllerPort the KRaft controller listener on localhost of node 1
 * @param tls            SASL_SSL instead of SASL_PLAINTEXT on the client listener, with a local CA in {@code tls/}
 * @param peers          the other nodes of a cluster (nodes 2, 3, ...): each a combined broker and controller, all of
 *                       them voters of the controller quorum; empty: a single node
 */
public record BrokerSettings(Path dataDir, int port, int controllerPort, boolean tls, List<Peer> peers) {

    /** Another node of the cluster: its client and controller listener ports on localhost. */
    public record Peer(int port, int controllerPort) {
        public Peer {
            requirePort(port, "peer port");
            requirePort(controllerPort, "peer controllerPort");
        }
    }

    /** A single node without TLS (SASL_PLAINTEXT). */
    public BrokerSettings(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, false);
    }

    /** A single node. */
    public BrokerSettings(Path dataDir, int port, int controllerPort, boolean tls) {
        this(dataDir, port, controllerPort, tls, List.of());
    }

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePort(port, "port");
        requirePort(controllerPort, "controllerPort");
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (int p : allPorts(port, controllerPort, peers)) {
            if (!ports.add(p)) {
                throw new IllegalArgumentException("every listener needs a port of its own, but " + p + " is named twice");
            }
        }
    }

    /**
     * Settings on two currently free ports. Port 0 cannot be used: the controller quorum voters
     * config must name the controller's real port before the controller starts.
     */
    public static BrokerSettings ephemeral(Path dataDir) {
        return ephemeral(dataDir, 1);
    }

    /** A cluster of {@code nodes} nodes on currently free ports. */
    public static BrokerSettings ephemeral(Path dataDir, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, was " + nodes);
        }
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            // All sockets are held open together so the ports are guaranteed distinct.
            for (int i = 0; i < 2 * nodes; i++) {
                sockets.add(freeSocket());
            }
            List<Peer> peers = IntStream.range(1, nodes)
                    .mapToObj(n -> new Peer(sockets.get(2 * n).getLocalPort(), sockets.get(2 * n + 1).getLocalPort())).toList();
            return new BrokerSettings(dataDir, sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(), false, peers);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on localhost", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a port we only looked at
                }
            }
        }
    }

    /** How many nodes: 1 plus the peers. */
    public int nodes() {
        return 1 + peers.size();
    }

    /** The client listener port of node {@code nodeId} (1-based). */
    public int port(int nodeId) {
        return nodeId == 1 ? port : peers.get(nodeId - 2).port();
    }

    /** The controller listener port of node {@code nodeId} (1-based). */
    public int controllerPort(int nodeId) {
        return nodeId == 1 ? controllerPort : peers.get(nodeId - 2).controllerPort();
    }

    /** The logs and metadata of node {@code nodeId} (1-based). */
    public Path kafkaDir(int nodeId) {
        return nodeId == 1 ? kafkaDir() : dataDir.resolve("kafka-" + nodeId);
    }

    /** The local CA and certificates of a TLS broker. */
    public Path tlsDir() {
        return dataDir.resolve("tls");
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path secretsDir() {
        return dataDir.resolve("secrets");
    }

    private static ServerSocket freeSocket() throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setReuseAddress(true);
        return socket;
    }

    private static List<Integer> allPorts(int port, int controllerPort, List<Peer> peers) {
        List<Integer> all = new ArrayList<>(List.of(port, controllerPort));
        peers.forEach(peer -> all.addAll(List.of(peer.port(), peer.controllerPort())));
        return all;
    }

    private static void requirePort(int value, String name) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(name + " must be in 1..65535, was " + value);
        }
    }
}

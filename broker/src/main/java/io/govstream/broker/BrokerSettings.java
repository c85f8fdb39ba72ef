package io.govstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded broker keeps its state and which ports it listens on.
 *
 * @param dataDir        root of all local state: {@code kafka/} for logs and metadata, {@code secrets/} for passwords;
 *                       the broker makes all three owner-only (0700) when it starts
 * @param port           the client listener (SASL_PLAINTEXT, SCRAM-SHA-512) on localhost
 * @param controllerPort the KRaft controller listener on localhost
 * @param tls            SASL_SSL instead of SASL_PLAINTEXT on the client listener, with a local CA in {@code tls/}
 */
public record BrokerSettings(Path dataDir, int port, int controllerPort, boolean tls) {

    /** Settings without TLS (SASL_PLAINTEXT). */
    public BrokerSettings(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, false);
    }

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePort(port, "port");
        requirePort(controllerPort, "controllerPort");
        if (port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
        }
    }

    /**
     * Settings on two currently free ports. Port 0 cannot be used: the controller quorum voters
     * config must name the controller's real port before the controller starts.
     */
    public static BrokerSettings ephemeral(Path dataDir) {
        try (ServerSocket client = freeSocket(); ServerSocket controller = freeSocket()) {
            // Both sockets are held open together so the two ports are guaranteed distinct.
            return new BrokerSettings(dataDir, client.getLocalPort(), controller.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on localhost", e);
        }
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

    private static void requirePort(int value, String name) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(name + " must be in 1..65535, was " + value);
        }
    }
}

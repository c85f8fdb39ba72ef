package io.govstream.cli.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Where the embedded platform keeps its data and which local ports it listens on. */
public record PlatformSettings(Path dataDir, int kafkaPort, int controllerPort, int registryPort, int orbitPort,
                               int axonPort, int governancePort, boolean tls) {

    /** Settings without TLS on the Kafka listener. */
    public PlatformSettings(Path dataDir, int kafkaPort, int controllerPort, int registryPort, int orbitPort, int axonPort,
                            int governancePort) {
        this(dataDir, kafkaPort, controllerPort, registryPort, orbitPort, axonPort, governancePort, false);
    }

    /** The same settings with Kafka on SASL_SSL and a local CA in the data dir. */
    public PlatformSettings withTls() {
        return new PlatformSettings(dataDir, kafkaPort, controllerPort, registryPort, orbitPort, axonPort, governancePort, true);
    }

    public static final int KAFKA = 9092;
    public static final int CONTROLLER = 9093;
    public static final int REGISTRY = 8081;
    public static final int ORBIT = 8080;
    public static final int AXON = 8082;
    public static final int GOVERNANCE = 8083;

    public static PlatformSettings defaults(Path dataDir) {
        return new PlatformSettings(dataDir, KAFKA, CONTROLLER, REGISTRY, ORBIT, AXON, GOVERNANCE);
    }

    /** Free ports everywhere: for runs beside another platform (the demo, tests). */
    public static PlatformSettings ephemeral(Path dataDir) {
        return new PlatformSettings(dataDir, freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    }

    public String registryUrl() {
        return "http://localhost:" + registryPort;
    }

    /** HTTPS with {@link #tls()} (a certificate from the local CA, {@link #caCert()}), else HTTP. */
    public String orbitUrl() {
        return (tls ? "https" : "http") + "://localhost:" + orbitPort;
    }

    /** The local CA with {@link #tls()}: Kafka's and Orbit's certificates chain to it. Null without TLS. */
    public Path caCert() {
        return tls ? dataDir.resolve("tls").resolve("ca.crt") : null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}

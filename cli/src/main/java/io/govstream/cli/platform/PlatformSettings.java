package io.govstream.cli.platform;

import io.govstream.broker.BrokerSettings;
import io.govstream.broker.KafkaCluster;
import io.govstream.broker.LocalCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where the embedded platform keeps its data and its ledger key-encryption key, which local ports it
 * listens on, and on which address its HTTP ports (Orbit, Axon, governance-streams, the registry)
 * listen: {@value #LOOPBACK} unless told otherwise, so nothing but this machine reaches them. With
 * {@link #tls()} every one of them serves HTTPS only.
 *
 * <p>With an {@link #externalRegistryUrl()} no registry is started: every service, govctl and the
 * client files use that Confluent-compatible registry instead, and {@link #registryPort()} is unused.
 *
 * @param keyDir              where the ledger's KEK is kept, outside the data dir; null = {@link PlatformKek}'s default
 * @param externalRegistryUrl the base URL of a schema registry run elsewhere (its Confluent-compatible API, e.g.
 *                            Apicurio's {@code http://host:8080/apis/ccompat/v7}); null = start the platform's own
 * @param brokers             Kafka nodes: 1 runs in this process; 3 or more are a cluster of one process per node
 *                            ({@link KafkaCluster}), node n listening on {@code kafkaPort + 2(n-1)} and
 *                            {@code controllerPort + 2(n-1)}
 * @param instances           instances of governance-streams and of Axon, each service's in one group: the first in
 *                            this process on its port, each other in a process of its own on a free port;
 *                            governance-streams keeps a standby replica of every state store from two instances on
 */
public record PlatformSettings(Path dataDir, int kafkaPort, int controllerPort, int registryPort, int orbitPort,
                               int axonPort, int governancePort, boolean tls, String bindAddress, Path keyDir,
                               String externalRegistryUrl, int brokers, int instances) {

    /** The default HTTP bind address: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The most Kafka nodes {@code govctl up} starts on one machine. */
    public static final int MAX_BROKERS = 9;
    /** The most instances of a service {@code govctl up} starts on one machine. */
    public static final int MAX_INSTANCES = 9;

    public PlatformSettings {
        bindAddress = checkedBindAddress(bindAddress);
        externalRegistryUrl = checkedRegistryUrl(externalRegistryUrl);
        if (brokers < 1 || brokers == 2 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("brokers must be 1, or 3 to " + MAX_BROKERS + ", was " + brokers
                    + (brokers == 2 ? ": two controllers cannot lose one and still elect a leader" : ""));
        }
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("instances must be 1 to " + MAX_INSTANCES + ", was "
                    + instances);
        }
    }

    /** The same settings with the ledger's KEK kept in {@code dir} (outside the data dir). */
    public PlatformSettings withKeyDir(Path dir) {
        return new PlatformSettings(dataDir, kafkaPort, controllerPort, registryPort, orbitPort, axonPort, governancePort, tls,
                bindAddress, dir, externalRegistryUrl, brokers, instances);
    }

    /** The Kafka nodes' data and ports: node 1 on the given ports, node n two ports further per node. */
    public BrokerSettings brokerSettings() {
        List<BrokerSettings.Peer> peers = IntStream.rangeClosed(2, brokers)
                .mapToObj(n -> new BrokerSettings.Peer(kafkaPort + 2 * (n - 1), controllerPort + 2 * (n - 1))).toList();
        return new BrokerSettings(dataDir, kafkaPort, controllerPort, tls, peers);
    }

    /** Whether the platform uses a registry run elsewhere instead of starting its own. */
    public boolean externalRegistry() {
        return externalRegistryUrl != null;
    }

    public static final int KAFKA = 9092;
    public static final int CONTROLLER = 9093;
    public static final int REGISTRY = 8081;
    public static final int ORBIT = 8080;
    public static final int AXON = 8082;
    public static final int GOVERNANCE = 8083;

    /** Free ports everywhere, for runs beside another platform (the demo, tests): {@code brokers} Kafka nodes on a run of them. */
    public static PlatformSettings ephemeral(Path dataDir, int brokers, int instances) {
        int kafka = freeRun(2 * brokers);
        return new PlatformSettings(dataDir, kafka, kafka + 1, freePort(), freePort(), freePort(), freePort(), false, LOOPBACK,
                null, null, brokers, instances);
    }

    /** The first of {@code count} consecutive ports that are free now, found by trying. */
    private static int freeRun(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = freePort();
            if (first + count <= 65536 && IntStream.range(1, count).allMatch(i -> isFree(first + i))) {
                return first;
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free ports on localhost");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /*
     * Every URL is HTTPS with tls() (each port serves a certificate from the local CA, caCert(), and
     * nothing else), else HTTP.
     */

    /** The registry every service and client uses: the external one, else the platform's own. */
    public String registryUrl() {
        return externalRegistry() ? externalRegistryUrl : url(registryPort);
    }

    /** {@link #registryUrl()} without the credentials an external registry's URL may carry: to print, or to hand to readers. */
    public String registryUrlWithoutCredentials() {
        if (!externalRegistry()) {
            return registryUrl();
        }
        return java.util.Arrays.stream(externalRegistryUrl.split(","))
                .map(String::strip)
                .map(PlatformSettings::withoutUserInfo)
                .collect(java.util.stream.Collectors.joining(","));
    }

    public String orbitUrl() {
        return url(orbitPort);
    }

    public String axonUrl() {
        return url(axonPort);
    }

    public String governanceUrl() {
        return url(governancePort);
    }

    /** This machine's URL of a port of the platform's. */
    String url(int port) {
        return (tls ? "https" : "http") + "://" + urlHost() + ":" + port;
    }

    /**
     * The host of this machine's URLs: {@code localhost} when the ports listen on loopback or on
     * every interface (the local CA's certificate names it), else the one address they listen on.
     */
    String urlHost() {
        InetAddress address = parse(bindAddress);
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return "localhost";
        }
        return bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    }

    /** The settings, without the credentials an external registry's URL may carry. */
    @Override
    public String toString() {
        return "PlatformSettings[dataDir=" + dataDir + ", kafkaPort=" + kafkaPort + ", controllerPort=" + controllerPort
                + ", registryPort=" + registryPort + ", orbitPort=" + orbitPort + ", axonPort=" + axonPort + ", governancePort="
                + governancePort + ", tls=" + tls + ", bindAddress=" + bindAddress + ", keyDir=" + keyDir + ", externalRegistryUrl="
                + (externalRegistry() ? registryUrlWithoutCredentials() : null) + ", brokers=" + brokers
                + ", instances=" + instances + "]";
    }

    /** The local CA with {@link #tls()}: the certificate of Kafka and of every HTTP port chains to it. Null without TLS. */
    public Path caCert() {
        return tls ? dataDir.resolve("tls").resolve(LocalCertificates.CA_CERT) : null;
    }

    /** With {@link #tls()}: the localhost key and certificate chain (one PEM) that Kafka and every HTTP port serve. Null without. */
    public Path serverPem() {
        return tls ? dataDir.resolve("tls").resolve(LocalCertificates.SERVER_PEM) : null;
    }

    /** An IP address of this machine (or a wildcard): a name or a foreign address would fail only when a port binds. */
    private static String checkedBindAddress(String address) {
        if (address == null || address.isBlank()) {
            return LOOPBACK;
        }
        InetAddress parsed = parse(address.strip());
        try {
            if (!parsed.isAnyLocalAddress() && !parsed.isLoopbackAddress() && NetworkInterface.getByInetAddress(parsed) == null) {
                throw new IllegalArgumentException("bind address " + address + " is not an address of this machine "
                        + "(use " + LOOPBACK + ", 0.0.0.0 for every interface, or one of the machine's addresses)");
            }
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot list this machine's network interfaces", e);
        }
        return address.strip();
    }

    /** An http(s) URL with a host, or several separated by commas; null or blank: none. */
    private static String checkedRegistryUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        for (String one : url.split(",")) {
            URI uri;
            try {
                uri = new URI(one.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("registry URL " + withoutUserInfo(one.strip()) + " is not a URL", e);
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("registry URL " + withoutUserInfo(one.strip())
                        + " must be http:// or https:// with a host, e.g. http://registry:8080/apis/ccompat/v7");
            }
        }
        return url.strip();
    }

    /** The URL without its user info (user:password@), which is never printed. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private static InetAddress parse(String address) {
        // An IP literal only: a host name would be looked up here and again, perhaps differently, at bind time.
        if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("bind address " + address + " is not an IP address (e.g. " + LOOPBACK + " or 0.0.0.0)");
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind address " + address + " is not an IP address (e.g. " + LOOPBACK + " or 0.0.0.0)", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}

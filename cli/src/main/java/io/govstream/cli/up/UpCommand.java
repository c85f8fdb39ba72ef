package io.govstream.cli.up;

import io.govstream.cli.client.DataDirOption;
import io.govstream.cli.client.ExitCodes;
import io.govstream.cli.client.GovctlCommand;
import io.govstream.cli.client.KeyDirOption;
import io.govstream.cli.client.ClientFiles;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.LocalPrometheus;
import io.govstream.cli.platform.PlatformSettings;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the whole platform in this process: a Kafka broker (KRaft, SASL/SCRAM, ACLs), "
                + "the topology, the schema registry (or --registry-url), governance-streams, Axon and Orbit.",
                "With --brokers 3 or --instances 2 the further Kafka nodes and service instances run as processes of their own, "
                        + "started and stopped with this one.",
                "Writes <data dir>/client.properties for external producers. Ctrl-C stops everything; "
                        + "a later 'up' on the same data dir resumes where it stopped.",
                "The ledger's key-encryption key is kept outside the data dir (--key-dir); a key an older version "
                        + "kept in <data dir>/secrets is moved there once."})
public final class UpCommand extends GovctlCommand {
    @Mixin
    private DataDirOption dataDir;
    @Mixin
    private KeyDirOption keyDir;
    @Option(names = "--kafka-port", defaultValue = "" + PlatformSettings.KAFKA, description = "Kafka listener port (default: ${DEFAULT-VALUE}).")
    private int kafkaPort;
    @Option(names = "--controller-port", defaultValue = "" + PlatformSettings.CONTROLLER, description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    private int controllerPort;
    @Option(names = "--registry-port", defaultValue = "" + PlatformSettings.REGISTRY, description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    private int registryPort;
    @Option(names = "--registry-url", paramLabel = "URL",
            description = {"Use the schema registry at URL instead of starting one: its Confluent-compatible API, e.g. "
                    + "http://registry:8081 (Confluent, Karapace, Redpanda) or http://registry:8080/apis/ccompat/v7 (Apicurio). "
                    + "Credentials, if it needs any, as user info: http://user:password@host:port/... (never printed, not "
                    + "written into client.properties). Its compatibility must be BACKWARD or stricter, or up refuses to start. "
                    + "--registry-port is then unused. Use the same registry on every later 'up' of this data dir: the ledger "
                    + "and every topic hold its schema ids."})
    private String registryUrl;
    @Option(names = "--orbit-port", defaultValue = "" + PlatformSettings.ORBIT, description = "Orbit HTTP port (default: ${DEFAULT-VALUE}).")
    private int orbitPort;
    @Option(names = "--axon-port", defaultValue = "" + PlatformSettings.AXON, description = "Axon HTTP port (default: ${DEFAULT-VALUE}).")
    private int axonPort;
    @Option(names = "--governance-port", defaultValue = "" + PlatformSettings.GOVERNANCE,
            description = "governance-streams health/metrics port (default: ${DEFAULT-VALUE}).")
    private int governancePort;
    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = PlatformSettings.LOOPBACK,
            description = {"Address the HTTP ports (Orbit, Axon, governance-streams, schema registry, --with-prometheus) listen on "
                    + "(default: ${DEFAULT-VALUE}, this machine only). An IP address of this machine, or 0.0.0.0 for every interface: "
                    + "then anyone who reaches the machine reaches the probes, metrics, registry reads and Orbit's API "
                    + "(which still needs a token). Kafka stays on localhost."})
    private String bind;
    @Option(names = "--tls", description = "Kafka on SASL_SSL and every HTTP port (Orbit, Axon, governance-streams, schema registry, "
            + "--with-prometheus) on HTTPS only, with a local CA made in <data dir>/tls (clients trust tls/ca.crt).")
    private boolean tls;
    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = {"Kafka nodes (default: ${DEFAULT-VALUE}, in this process). 3 to " + PlatformSettings.MAX_BROKERS
                    + ": a cluster of one process per node, every node a KRaft controller and broker, topics with three "
                    + "replicas and two in sync (the catalogue's); node n listens on --kafka-port + 2(n-1) and "
                    + "--controller-port + 2(n-1), its output in <data dir>/logs/kafka-n.log. A data dir keeps its count."})
    private int brokers;
    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = {"Instances of governance-streams and of Axon, each service's in one group (default: ${DEFAULT-VALUE}). "
                    + "The first runs in this process on its port, each other in a process of its own on a free port (printed), "
                    + "its output in <data dir>/logs/governance-n.log or axon-n.log; from 2 on, every governance-streams "
                    + "state store has a standby replica."})
    private int instances;
    @Option(names = "--with-prometheus",
            description = "Also start a local Prometheus (the 'prometheus' binary, Debian package) scraping every service "
                    + "with the shipped recording and alert rules; data in <data dir>/prometheus.")
    private boolean withPrometheus;
    @Option(names = "--prometheus-port", defaultValue = "9090", description = "Port of --with-prometheus (default: ${DEFAULT-VALUE}).")
    private int prometheusPort;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PlatformSettings settings = new PlatformSettings(dataDir.dataDir(), kafkaPort, controllerPort, registryPort,
                orbitPort, axonPort, governancePort, tls, bind, keyDir.keyDir(), registryUrl, brokers, instances);
        EmbeddedPlatform platform = EmbeddedPlatform.start(settings, step -> {
            out.println("  " + step);
            out.flush();
        });
        LocalPrometheus scraper;
        try {
            scraper = withPrometheus ? LocalPrometheus.start(settings.dataDir().resolve("prometheus"), platform.metricsEndpoints(),
                    settings.bindAddress(), prometheusPort, 15, settings.caCert(), settings.serverPem()) : null;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping govstream ...");
            out.flush();
            try {
                if (scraper != null) {
                    scraper.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                platform.close();
                stopped.countDown();
            }
        }, "govctl-shutdown"));
        printEndpoints(out, platform);
        if (scraper != null) {
            out.println("Prometheus (shipped rules and alerts): " + scraper.url() + "   log: " + scraper.log());
            out.flush();
        }
        stopped.await();
        return ExitCodes.OK;
    }

    static void printEndpoints(PrintWriter out, EmbeddedPlatform platform) {
        out.println();
        out.println("govstream is up. Endpoints:");
        platform.endpoints().forEach((name, url) -> out.printf("  %-20s %s%n", name, url));
        if (platform.settings().tls()) {
            out.printf("  %-20s %s%n", "HTTPS", "every HTTP port, HTTPS only; clients trust " + platform.settings().caCert());
        }
        out.printf("  %-20s %s%n", "topology", platform.topologyReport().isEmpty() ? "unchanged"
                : platform.topologyReport().applied().size() + " changes applied");
        out.println();
        out.println("Client settings for external producers (principal 'producer'): "
                + platform.settings().dataDir().resolve(ClientFiles.CLIENT));
        out.println("Ledger key-encryption key (kept outside the data dir; back it up apart from it): " + platform.kek().where());
        out.println("Try:  ./govctl dispatch --intent reason --subject alice --tenant acme");
        out.println("Metrics (Prometheus format):");
        platform.metricsEndpoints().forEach((name, url) -> out.printf("  %-20s %s%n", name, url));
        out.println("Health at <service>/health, /health/ready, /health/live. Press Ctrl-C to stop.");
        out.flush();
    }
}

package io.govstream.cli.platform;

import io.govstream.cli.client.PlatformException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local Prometheus (the binary of the Debian package {@code prometheus}) scraping the
 * embedded platform with the shipped recording and alert rules (deploy/prometheus/rules,
 * packaged into govctl), for {@code govctl up --with-prometheus} and the scrape test.
 */
public final class LocalPrometheus implements AutoCloseable {
    /** The shipped rule files, as packaged from deploy/prometheus/rules (a test keeps this list complete). */
    public static final List<String> RULE_FILES = List.of("govstream-recording.yml", "govstream-alerts.yml");
    private static final String RULES_RESOURCE = "io/govstream/cli/prometheus/rules/";

    private final Process process;
    private final String host;
    private final int port;
    private final Path dir;
    private final boolean https;

    private LocalPrometheus(Process process, String host, int port, Path dir, boolean https) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.https = https;
    }

    /** The prometheus binary on the PATH, if installed. */
    public static Optional<Path> binary() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * Writes a config scraping {@code jobs} (job name → metrics URL) every {@code scrapeSeconds}
     * with the shipped rules into {@code dir}, and starts Prometheus on {@code host}, port {@code port}.
     * For a platform on TLS, HTTPS targets are scraped trusting {@code caCert} (PEM), and with {@code serverPem}
     * (key and certificate chain in one PEM) Prometheus serves HTTPS only (TLS 1.2+). Either may be null: the
     * system's CAs, plain HTTP.
     */
    public static LocalPrometheus start(Path dir, Map<String, String> jobs, String host, int port, int scrapeSeconds,
                                        Path caCert, Path serverPem) {
        Path binary = binary().orElseThrow(() -> new PlatformException(
                "the prometheus binary is not on the PATH: install it (Debian: apt-get install prometheus) or drop --with-prometheus"));
        try {
            Path rules = Files.createDirectories(dir.resolve("rules"));
            StringBuilder config = new StringBuilder("# Written by govctl: scrapes the embedded platform with the shipped rules.\n")
                    .append("global:\n  scrape_interval: ").append(scrapeSeconds).append("s\n  evaluation_interval: ")
                    .append(scrapeSeconds).append("s\nrule_files:\n");
            for (String file : RULE_FILES) {
                try (InputStream in = LocalPrometheus.class.getClassLoader().getResourceAsStream(RULES_RESOURCE + file)) {
                    if (in == null) {
                        throw new PlatformException("govctl is missing its packaged Prometheus rules (" + file + "): rebuild it");
                    }
                    Files.copy(in, rules.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                config.append("  - ").append(rules.resolve(file)).append('\n');
            }
            config.append("scrape_configs:\n");
            jobs.forEach((job, url) -> {
                java.net.URI uri = java.net.URI.create(url);
                config.append("  - job_name: ").append(job).append("\n    metrics_path: ").append(uri.getPath());
                if ("https".equals(uri.getScheme())) {
                    config.append("\n    scheme: https");
                    if (caCert != null) {
                        config.append("\n    tls_config:\n      ca_file: ").append(caCert);
                    }
                }
                config.append("\n    static_configs:\n      - targets: [\"").append(uri.getHost()).append(':').append(uri.getPort())
                        .append("\"]\n");
            });
            Files.writeString(dir.resolve("prometheus.yml"), config);
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port));
            if (serverPem != null) {
                // Prometheus's web config reads the key and the chain from one PEM as the platform's ports do.
                Files.writeString(dir.resolve("web.yml"), "# Written by govctl: HTTPS only, with the platform's certificate.\n"
                        + "tls_server_config:\n  cert_file: " + serverPem + "\n  key_file: " + serverPem + "\n  min_version: TLS12\n");
                command.add("--web.config.file=" + dir.resolve("web.yml"));
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            LocalPrometheus prometheus = new LocalPrometheus(process, host, port, dir, serverPem != null);
            prometheus.awaitListening(java.time.Duration.ofSeconds(30));
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Prometheus in " + dir, e);
        }
    }

    public String url() {
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
        return (https ? "https" : "http") + "://" + (wildcard ? PlatformSettings.LOOPBACK : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Returns once Prometheus accepts connections on its port, so its URL works when govctl prints it. */
    private void awaitListening(java.time.Duration limit) {
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(wildcard ? PlatformSettings.LOOPBACK : host, port);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new PlatformException("Prometheus exited at start (code " + process.exitValue() + "): see " + log());
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(address, 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new PlatformException("Prometheus did not listen on " + address + " within " + limit.toSeconds() + " s: see " + log());
                }
                try {
                    Thread.sleep(50); // between connection attempts
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PlatformException("interrupted while waiting for Prometheus to listen");
                }
            }
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return dir.resolve("prometheus.log");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

package io.govstream.cli.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * governance-streams as its own operating-system process, started from its standalone main
 * with a config file (mode 0600, so the password is neither on the command line nor in the
 * environment), and killable with SIGKILL.
 */
final class GovernanceProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Map<String, Object> kafka;
    private final String registryUrl;
    private Process process;
    private int starts;

    private final Path commandSigningKey;

    GovernanceProcess(Path dir, int port, Map<String, Object> kafka, String registryUrl, Path commandSigningKey) {
        this.commandSigningKey = commandSigningKey;
        this.dir = dir;
        this.port = port;
        this.kafka = kafka;
        this.registryUrl = registryUrl;
    }

    void start() throws IOException {
        Path config = dir.resolve("governance.yml");
        Files.deleteIfExists(config);
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String kafkaLines = kafka.entrySet().stream()
                .map(e -> "  \"" + e.getKey() + "\": '" + e.getValue().toString().replace("'", "''") + "'")
                .collect(Collectors.joining("\n"));
        Files.writeString(config, "micronaut:\n  server:\n    port: " + port + "\n"
                + "registry:\n  url: " + registryUrl + "\n  basic.auth.credentials.source: SASL_INHERIT\n"
                + "governance:\n  state-dir: " + dir.resolve("streams") + "\n"
                + "  commands:\n    signing-key: " + commandSigningKey + "\n"
                + "kafka:\n" + kafkaLines + "\n");
        starts++;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        // The test JVM's own -XX flags (the build's test.jvm.args: the C1 compiler only), so the
        // process costs what a test JVM costs.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(arg -> arg.startsWith("-XX:")).forEach(command::add);
        command.addAll(List.of("-Dmicronaut.config.files=" + config, "-cp", System.getProperty("java.class.path"),
                "io.govstream.governance.app.GovernanceApplication"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("governance-" + starts + ".log").toFile());
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://localhost:" + port + "/health/ready");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("governance-streams exited with " + process.exitValue() + "; see "
                        + dir.resolve("governance-" + starts + ".log") + ":\n" + Files.readString(dir.resolve("governance-" + starts + ".log")));
            }
            try {
                return http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGKILL: no shutdown hook, no transaction commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}

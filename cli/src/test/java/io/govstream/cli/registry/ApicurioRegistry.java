package io.govstream.cli.registry;

import static org.awaitility.Awaitility.await;

import io.govstream.cli.TestPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Apicurio Registry 3 as its own operating-system process, as its Quarkus app ships on Maven
 * Central ({@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all}, unpacked by the cli
 * build into {@code target/apicurio-registry}, system property {@code apicurio.home}), on a Java
 * 21+ runtime, configured as an operator would: both its ports (the API and Quarkus' management
 * interface, which listens on 0.0.0.0:9000 unless told otherwise) on loopback, in-memory storage
 * (its default: H2 in memory), deletions switched on. Its output goes to a log file.
 */
public final class ApicurioRegistry implements AutoCloseable {
    /** Needed by its classes. */
    static final int JAVA_FEATURE = 21;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Path JVMS = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private ApicurioRegistry(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /**
     * Starts it with {@code settings} (Quarkus and Apicurio properties, {@code -Dkey=value} each) added to the
     * loopback, storage and deletion settings, and returns once its readiness check answers UP.
     */
    public static ApicurioRegistry start(Path log, String... settings) {
        Path runJar = home().resolve("quarkus-run.jar");
        Path java = java21();
        int port = TestPorts.next();
        int managementPort = TestPorts.next();
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Xmx512m",
                // Start-up time over peak speed: a test's few hundred requests never reach C2.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                // In-memory storage (its default, said out loud): the registry's content lives as long as the process.
                "-Dapicurio.storage.kind=sql",
                "-Dapicurio.storage.sql.kind=h2",
                // Deletions as its documentation switches them on (the core v3 API refuses them otherwise).
                "-Dapicurio.rest.deletion.group.enabled=true",
                "-Dapicurio.rest.deletion.artifact.enabled=true",
                "-Dapicurio.rest.deletion.artifact-version.enabled=true"));
        for (String setting : settings) {
            command.add("-D" + setting);
        }
        command.addAll(List.of("-jar", runJar.toString()));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .directory(home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ApicurioRegistry registry = new ApicurioRegistry(process, port, managementPort, log);
            try {
                registry.awaitReady();
            } catch (RuntimeException | Error e) {
                registry.close();
                throw e;
            }
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Apicurio Registry with " + java, e);
        }
    }

    /** Its Confluent-compatible API, the URL a Confluent client (and the platform) is given. */
    public String ccompatUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** Its own (core) API, version 3. */
    public String coreUrl() {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path log() {
        return log;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        await("Apicurio Registry ready at " + ready).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + "; its log "
                                + log + " ends:\n" + tail());
                    }
                    return http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Stops it as a service manager would (SIGTERM, then SIGKILL if it does not stop) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Where the build unpacked it: {@code apicurio.home}, else target/apicurio-registry of the cli module. */
    static Path home() {
        String configured = System.getProperty("apicurio.home");
        Path home = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("target", "apicurio-registry");
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("no Apicurio Registry in " + home.toAbsolutePath() + " (no quarkus-run.jar): the cli "
                    + "build unpacks it there before the integration tests (mvn verify -pl cli), or set -Dapicurio.home=DIR");
        }
        return home;
    }

    /**
     * A {@code java} of version {@value #JAVA_FEATURE} or later: system property {@code apicurio.java} (the
     * executable or a JDK's home) if set, else this JVM or {@code JAVA_HOME} if recent enough, else the newest under
     * /usr/lib/jvm.
     */
    static Path java21() {
        String configured = System.getProperty("apicurio.java");
        if (configured != null && !configured.isBlank()) {
            Path given = Path.of(configured);
            Path java = Files.isDirectory(given) ? given.resolve("bin").resolve("java") : given;
            int feature = feature(java).orElse(0);
            if (feature < JAVA_FEATURE) {
                throw new IllegalStateException("apicurio.java=" + configured + " is " + (feature == 0 ? "not a runnable java"
                        : "Java " + feature) + "; Apicurio Registry needs Java " + JAVA_FEATURE + " or later");
            }
            return java;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home"), "bin", "java"));
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome, "bin", "java"));
        }
        for (Path candidate : candidates) {
            if (feature(candidate).orElse(0) >= JAVA_FEATURE) {
                return candidate;
            }
        }
        if (Files.isDirectory(JVMS)) {
            try (Stream<Path> jdks = Files.list(JVMS)) {
                Optional<Path> newest = jdks.map(jdk -> jdk.resolve("bin").resolve("java"))
                        .filter(Files::isExecutable)
                        .filter(java -> feature(java).orElse(0) >= JAVA_FEATURE)
                        .max(Comparator.comparingInt(java -> feature(java).orElse(0)));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + JVMS, e);
            }
        }
        throw new IllegalStateException("Apicurio Registry needs Java " + JAVA_FEATURE + " or later, and none was found: this JVM is "
                + Runtime.version().feature() + ", JAVA_HOME is " + (javaHome == null ? "unset" : javaHome) + ", and " + JVMS
                + " has none. Install one (e.g. apt-get install openjdk-21-jre-headless) or point at it with "
                + "-Dapicurio.java=/path/to/jdk (its home or its bin/java)");
    }

    /** The feature version of a java executable: its JDK's release file, else what {@code java -version} says. */
    static Optional<Integer> feature(Path java) {
        if (!Files.isExecutable(java)) {
            return Optional.empty();
        }
        Path release = java.toAbsolutePath().getParent().getParent().resolve("release");
        try {
            if (Files.isRegularFile(release)) {
                Matcher m = RELEASE_VERSION.matcher(Files.readString(release, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return Optional.of(Integer.parseInt(m.group(1)));
                }
            }
            Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String said = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!version.waitFor(30, TimeUnit.SECONDS)) {
                version.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(said);
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

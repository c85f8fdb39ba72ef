package io.govstream.registry.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.govstream.registry.RegistryApplication;
import io.govstream.secrets.SecretFiles;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Whatever a client sends to the registry's REST API, it answers with a client error that has
 * a Confluent error body, or success; never a server error, never a hang.
 */
class RegistryRestFuzzTest {
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static final EmbeddedServer SERVER = ApplicationContext.run(EmbeddedServer.class,
            Map.of("micronaut.server.port", -1, "registry.store", "memory",
                    "registry.auth.users", "fuzz", "registry.auth.password-dir", passwordDir().toString()),
            RegistryApplication.ENVIRONMENT);
    // With a writer's credentials, so that the bodies reach the parsers behind the write check.
    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString(
            ("fuzz:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * What counts as a hang. Generous: the fuzz tests run beside other tests, and a request of a loaded machine
     * may wait seconds for a core; a request never answered still fails the test.
     */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(30);
    private static final String[] PATHS = {"/subjects/%s/versions", "/subjects/%s", "/compatibility/subjects/%s/versions/latest",
            "/config/%s"};

    static {
        warmUp();
    }

    /**
     * @param data the request: its first byte picks the path ({@link #PATHS}, modulo their number), the bytes up to the
     *             first newline (at most 40) are the subject, the rest is the body. The seeds (RegistryRestFuzzTestInputs)
     *             are well-formed requests of every path, so the fuzzer starts inside the schema parser and the
     *             compatibility checks instead of at the JSON syntax.
     */
    @FuzzTest(maxExecutions = 5_000)
    void anyRequestGetsAClearAnswer(byte[] data) throws IOException, InterruptedException {
        if (data.length == 0) {
            return;
        }
        int newline = 1;
        while (newline < data.length && newline <= 40 && data[newline] != '\n') {
            newline++;
        }
        String subject = URLEncoder.encode(new String(data, 1, newline - 1, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        String path = String.format(PATHS[(data[0] & 0xff) % PATHS.length], subject.isEmpty() ? "s" : subject);
        String body = newline >= data.length ? "" : new String(data, newline + 1, data.length - newline - 1, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + SERVER.getPort() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .header("Authorization", AUTHORIZATION)
                .timeout(ANSWERED_WITHIN);
        HttpResponse<String> response;
        try (SilentCloseable allowed = registryOnly()) {
            response = HTTP.send(path.startsWith("/config")
                    ? request.PUT(HttpRequest.BodyPublishers.ofString(body)).build()
                    : request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() >= 500) {
            throw new AssertionError("server error " + response.statusCode() + " for POST " + path + " body <" + body + ">: "
                    + response.body());
        }
        if (response.statusCode() >= 400 && !response.body().contains("error_code")) {
            throw new AssertionError("client error " + response.statusCode() + " without a Confluent error body: " + response.body());
        }
    }

    /**
     * One schema through the parser and the compatibility check, before the fuzzing: the first such request instruments and
     * loads Avro's, Jackson's and the registry's classes for coverage, seconds of work (5.4 s on an idle machine, over
     * 10 s beside other tests) that would otherwise count against the first input.
     */
    private static void warmUp() {
        HttpRequest check = HttpRequest.newBuilder(URI.create("http://localhost:" + SERVER.getPort()
                        + "/compatibility/subjects/warm-up/versions/latest"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json").header("Authorization", AUTHORIZATION)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"W\\\","
                        + "\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}")).build();
        try (SilentCloseable allowed = registryOnly()) {
            HttpResponse<String> response = HTTP.send(check, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) { // compatible: the subject has no versions
                throw new IllegalStateException("the registry under test answered the warm-up with " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the registry under test did not answer the warm-up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Jazzer's SSRF detector allows no connection by default: this one, to the registry under test, is the point. */
    private static SilentCloseable registryOnly() {
        return BugDetectors.allowNetworkConnections((host, port) -> port == SERVER.getPort());
    }

    private static Path passwordDir() {
        try {
            Path dir = Files.createTempDirectory("registry-fuzz-");
            SecretFiles.write(dir.resolve("fuzz.password"), PASSWORD);
            dir.toFile().deleteOnExit();
            dir.resolve("fuzz.password").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

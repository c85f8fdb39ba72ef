package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.ClientFiles;
import io.govstream.cli.platform.EmbeddedPlatform;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `govctl up --tls`: every service talks to Kafka over SASL_SSL, and so do external clients; Orbit
 * serves HTTPS only, with a certificate of the local CA that govctl's Orbit client trusts.
 */
@Timeout(300)
@PrivatePlatform("runs the platform with TLS on every listener")
class TlsPlatformIT {
    @TempDir
    Path dataDir;

    @Test
    void givenThePlatformOnTls_whenDispatching_thenTheGovernedPathWorks_andClientSettingsUseTls() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(TestPorts.platform(dataDir).withTls(), step -> { })) {
            assertThat(platform.settings().orbitUrl()).startsWith("https://");
            OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(),
                    platform.settings().caCert());
            String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}"));
            JsonNode view = orbit.await(id, Duration.ofSeconds(60));
            assertThat(view.path("status").asText()).isEqualTo("COMPLETED");

            Map<String, Object> client = ClientFiles.read(dataDir.resolve(ClientFiles.CLIENT));
            assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("ssl.truststore.location", dataDir.resolve("tls").resolve("ca.crt").toString());
            assertThat(platform.endpoints().get("kafka")).contains("SASL_SSL");

            // Plain HTTP on Orbit's port gets no answer; HTTPS without the local CA fails the handshake.
            int port = platform.settings().orbitPort();
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/live"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health/live"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }
}

package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.ClientFiles;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `govctl up --tls`: every service talks to Kafka over SASL_SSL, and so do external clients. */
@Timeout(300)
class TlsPlatformIT {
    @TempDir
    Path dataDir;

    @Test
    void givenThePlatformOnTls_whenDispatching_thenTheGovernedPathWorks_andClientSettingsUseTls() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformSettings.ephemeral(dataDir).withTls(), step -> { })) {
            OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens());
            String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", "acme", "{}"));
            JsonNode view = orbit.await(id, Duration.ofSeconds(60));
            assertThat(view.path("status").asText()).isEqualTo("COMPLETED");

            Map<String, Object> client = ClientFiles.read(dataDir.resolve(ClientFiles.CLIENT));
            assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("ssl.truststore.location", dataDir.resolve("tls").resolve("ca.crt").toString());
            assertThat(platform.endpoints().get("kafka")).contains("SASL_SSL");
        }
    }
}

package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded platform: a policy set published for one tenant decides that tenant's requests
 * only; every other tenant keeps the global set, and {@code policy list} shows both in force.
 */
@Timeout(300)
class TenantScopedPolicyIT {
    private static final String GLOBEX_PAUSES_REASONING = """
            id: globex-dispatch
            tenant: globex
            description: globex has paused reasoning
            rules:
              - id: globex-pause-reasoning
                match: {intent: reason}
                effect: DENY
                reason: "reasoning is paused for tenant ${tenant}"
            """;

    @TempDir
    Path dataDir;

    @Test
    void givenATenantSetForGlobex_whenAcmeAndGlobexAsk_thenOnlyGlobexIsDecidedByIt() throws Exception {
        PlatformSettings settings = PlatformSettings.ephemeral(dataDir);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings, step -> { })) {
            OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens());
            assertThat(decision(orbit, "globex").path("effect").asText()).isEqualTo("PERMIT");

            Path file = Files.writeString(dataDir.resolve("globex.yaml"), GLOBEX_PAUSES_REASONING);
            GovctlRun applied = GovctlRun.of("policy", "apply", file.toString(), "--author", "gina", "--data-dir", dataDir.toString());
            assertThat(applied.code()).as(applied.err()).isZero();
            assertThat(applied.out()).contains("published globex-dispatch v1 for tenant globex");

            JsonNode globex = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ZERO)
                    .until(() -> decision(orbit, "globex"), d -> d.path("effect").asText().equals("DENY"));
            assertThat(globex.path("policySetId").asText()).isEqualTo("globex-dispatch");
            assertThat(globex.path("ruleId").asText()).isEqualTo("globex-pause-reasoning");
            JsonNode acme = decision(orbit, "acme");
            assertThat(acme.path("effect").asText()).isEqualTo("PERMIT");
            assertThat(acme.path("policySetId").asText()).isEqualTo("default-dispatch");

            GovctlRun list = GovctlRun.of("policy", "list", "--data-dir", dataDir.toString());
            assertThat(list.out().lines().filter(l -> l.contains(" yes ")))
                    .anyMatch(l -> l.startsWith("*") && l.contains("default-dispatch"))
                    .anyMatch(l -> l.startsWith("globex") && l.contains("globex-dispatch"));
        }
    }

    private static JsonNode decision(OrbitClient orbit, String tenant) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", tenant, "{}"));
        return orbit.await(id, Duration.ofSeconds(60)).path("decision");
    }
}

package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
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
@OnSharedPlatform
class TenantScopedPolicyIT {
    private static final String GLOBEX_PAUSES_REASONING = """
            id: %s
            tenant: %s
            description: globex has paused reasoning
            rules:
              - id: globex-pause-reasoning
                match: {intent: reason}
                effect: DENY
                reason: "reasoning is paused for tenant ${tenant}"
            """;

    @TempDir
    Path work;

    @Test
    void givenATenantSetForGlobex_whenAcmeAndGlobexAsk_thenOnlyGlobexIsDecidedByIt(EmbeddedPlatform platform) throws Exception {
        // A tenant and a set id of this test's own: the platform is shared.
        String globex = Unique.name("globex");
        String globexSet = globex + "-dispatch";
        String dataDir = platform.settings().dataDir().toString();
        OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(), null);
        assertThat(decision(orbit, globex).path("effect").asText()).isEqualTo("PERMIT");

        Path file = Files.writeString(work.resolve("globex.yaml"), GLOBEX_PAUSES_REASONING.formatted(globexSet, globex));
        GovctlRun applied = GovctlRun.of("policy", "apply", file.toString(), "--author", "gina", "--data-dir", dataDir);
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("published " + globexSet + " v1 for tenant " + globex);

        JsonNode denied = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ZERO)
                .until(() -> decision(orbit, globex), d -> d.path("effect").asText().equals("DENY"));
        assertThat(denied.path("policySetId").asText()).isEqualTo(globexSet);
        assertThat(denied.path("ruleId").asText()).isEqualTo("globex-pause-reasoning");
        JsonNode acme = decision(orbit, "acme");
        assertThat(acme.path("effect").asText()).isEqualTo("PERMIT");
        assertThat(acme.path("policySetId").asText()).isEqualTo("default-dispatch");

        GovctlRun list = GovctlRun.of("policy", "list", "--data-dir", dataDir);
        assertThat(list.out().lines().filter(l -> l.contains(" yes ")))
                .anyMatch(l -> l.startsWith("*") && l.contains("default-dispatch"))
                .anyMatch(l -> l.startsWith(globex) && l.contains(globexSet));
    }

    private static JsonNode decision(OrbitClient orbit, String tenant) throws Exception {
        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", tenant, "{}"));
        return orbit.await(id, Duration.ofSeconds(60)).path("decision");
    }
}

package io.govstream.cli;

import io.govstream.cli.client.ExitCodes;
import static io.govstream.cli.LivePlatform.dispatch;
import static io.govstream.cli.LivePlatform.govctl;
import static io.govstream.cli.LivePlatform.ledger;
import static io.govstream.cli.LivePlatform.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.cli.platform.PlatformSettings;
import io.govstream.events.LedgerEntryKind;
import io.govstream.ledger.VerificationReport;
import io.govstream.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded platform: {@code govctl policy apply} changes live decisions without a restart,
 * the ledger records the change, {@code policy rollback} restores the previous behaviour, and a
 * bad policy is refused with file, line and rule, publishing nothing.
 */
@Timeout(300)
@PrivatePlatform("publishes, diffs and rolls back versions of the global default-dispatch set")
class PolicyHotReloadIT {
    private static final Duration RELOADED_WITHIN = Duration.ofSeconds(30);
    private static final String DENY_REASONING = """
            id: default-dispatch
            description: reasoning is paused
            rules:
              - id: pause-reasoning
                match: {intent: reason}
                when: request.tenant == 'acme' && !has(request.payload.urgent)
                effect: DENY
                reason: "reasoning is paused for ${tenant}"
              - id: permit-orbit-axon-reason
                match: {source: orbit, target: axon, intent: [reason, heartbeat]}
                effect: PERMIT
                reason: "orbit may ask axon to ${intent}"
            """;

    @TempDir
    Path dataDir;

    @Test
    void givenAPermittedDispatch_whenAPolicyDenyingItIsApplied_thenDecisionsChangeWithoutRestart_andRollbackRestoresThem()
            throws Exception {
        PlatformSettings settings = TestPorts.platform(dataDir);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(settings, step -> { })) {
            OrbitClient orbit = new OrbitClient(settings.orbitUrl(), platform.dispatcherTokens(), null);
            assertThat(dispatch(orbit).path("decision").path("effect").asText()).isEqualTo("PERMIT");
            GovctlRun list = govctl("policy", "list", "--data-dir", dataDir.toString());
            assertThat(list.out()).contains("default-dispatch", "v1", "govctl up");

            Path bad = Files.writeString(dataDir.resolve("bad.yaml"), DENY_REASONING.replace("request.tenant == 'acme'", "request.tenant == 1"));
            GovctlRun refused = govctl("policy", "apply", bad.toString(), "--data-dir", dataDir.toString());
            assertThat(refused.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(refused.err()).contains(bad + ":6: rule 'pause-reasoning': when: found no matching overload", "nothing published");
            assertThat(govctl("policy", "show", "default-dispatch", "--data-dir", dataDir.toString()).out()).contains("default-dispatch v1");

            Path file = Files.writeString(dataDir.resolve("pause.yaml"), DENY_REASONING);
            GovctlRun applied = govctl("policy", "apply", file.toString(), "--author", "alice", "--data-dir", dataDir.toString());
            assertThat(applied.code()).as(applied.err()).isZero();
            assertThat(applied.out()).contains("published default-dispatch v2", "by alice");

            // No restart: the next decisions use v2 as soon as the streams task has read the publication.
            // The bound only keeps a reload that never happens from hanging the test: how soon it happens
            // is a latency, and a loaded machine stretches it (a publication crosses one transaction).
            JsonNode denied = await().atMost(RELOADED_WITHIN).pollInterval(Duration.ZERO)
                    .until(() -> dispatch(orbit), view -> view.path("decision").path("effect").asText().equals("DENY"));
            assertThat(denied.path("decision").path("ruleId").asText()).isEqualTo("pause-reasoning");
            assertThat(denied.path("decision").path("policyVersion").asText()).isEqualTo("2");
            assertThat(denied.path("reason").asText()).isEqualTo("reasoning is paused for acme");

            GovctlRun diff = govctl("policy", "diff", "default-dispatch", "--version", "1", "--data-dir", dataDir.toString());
            assertThat(diff.code()).isEqualTo(3);
            assertThat(diff.out()).contains("+  - id: pause-reasoning");

            GovctlRun rollback = govctl("policy", "rollback", "default-dispatch", "--author", "bob", "--data-dir", dataDir.toString());
            assertThat(rollback.code()).as(rollback.err()).isZero();
            assertThat(rollback.out()).contains("rolled back default-dispatch to v1: published as v3");
            JsonNode restored = await().atMost(RELOADED_WITHIN).pollInterval(Duration.ZERO)
                    .until(() -> dispatch(orbit), view -> view.path("decision").path("effect").asText().equals("PERMIT"));
            assertThat(restored.path("decision").path("policyVersion").asText()).isEqualTo("3");

            int partitions = new Topics(platform.catalogue()).spec(Topics.LEDGER).partitions();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger(platform))
                    .filteredOn(e -> e.getKind() == LedgerEntryKind.POLICY_CHANGE)
                    .as("v2 and v3, once in each ledger partition").hasSize(2 * partitions));
            VerificationReport report = verify(platform);
            assertThat(report.isClean()).as(report.toString()).isTrue();
        }
    }
}

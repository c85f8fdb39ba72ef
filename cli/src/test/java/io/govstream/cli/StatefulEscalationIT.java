package io.govstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.govstream.cli.dispatch.OrbitClient;
import io.govstream.cli.platform.EmbeddedPlatform;
import io.govstream.ledger.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded platform: a policy with a rate limit and an escalation, applied with
 * {@code govctl policy apply}; the rate limit denies the request over it; an escalated request
 * waits (ESCALATED in Orbit) until {@code govctl approve} and then completes; the ledger verifies.
 *
 * <p>The platform is shared: the policy is a set of this test's own tenant (rates are counted per
 * tenant, so no other test's requests count against its limit), and the pending-escalations gauge
 * is read as its change from before the test.
 */
@Timeout(300)
@OnSharedPlatform
class StatefulEscalationIT {
    private static final String POLICY = """
            id: %s
            tenant: %s
            description: rate-limited reasoning; sensitive questions need a devops approval
            rules:
              - id: escalate-sensitive
                match: {source: orbit, target: axon, intent: reason}
                when: has(request.payload.sensitive)
                effect: ESCALATE
                reason: "sensitive reasoning for ${subject} needs approval"
                obligations:
                  escalation: {approvals: {devops: 1}, timeout: 1h}
              - id: rate-limit-reasoning
                match: {source: orbit, target: axon, intent: reason}
                when: state.rate("1h") < 3
                effect: PERMIT
                reason: "within 3 reasoning requests an hour"
            """;

    @TempDir
    Path work;

    @Test
    void givenARateLimitAndAnEscalation_whenOverTheLimitAndApprovedWithGovctl_thenDeniedAndCompleted_andTheLedgerVerifies(
            EmbeddedPlatform platform) throws Exception {
        String tenant = Unique.name("acme");
        String policySet = tenant + "-dispatch";
        Path dataDir = platform.settings().dataDir();
        String metrics = platform.metricsEndpoints().get("governance-streams");
        PlatformIdle.await(platform);
        double pendingBefore = gauge(metrics, "governance_escalations_pending");
        OrbitClient orbit = new OrbitClient(platform.settings().orbitUrl(), platform.dispatcherTokens(), null);
        Path file = Files.writeString(work.resolve("limits.yaml"), POLICY.formatted(policySet, tenant));
        GovctlRun applied = GovctlRun.of("policy", "apply", file.toString(), "--author", "alice", "--data-dir", dataDir.toString());
        assertThat(applied.code()).as(applied.err()).isZero();

        // Rate windows are counted per streams task (per input partition) and Orbit spreads requests over the
        // partitions by correlation id: send until the limit of 3 an hour denies one (at most 3 per partition).
        JsonNode denied = null;
        for (int i = 0; i < 12 && denied == null; i++) {
            JsonNode view = decided(orbit, orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", tenant, "{}")));
            if (view.path("decision").path("ruleId").asText().equals("default-deny")) {
                denied = view;
            }
        }
        assertThat(denied).as("the rate limit denied a request").isNotNull();
        assertThat(denied.path("status").asText()).isEqualTo("DENIED");
        assertThat(denied.path("decision").path("policySetId").asText()).isEqualTo(policySet);
        assertThat(denied.path("decision").path("policyVersion").asText()).isEqualTo("1");

        String id = orbit.dispatch(new OrbitClient.Dispatch("axon", "reason", "alice", tenant, "{\"sensitive\": true}"));
        JsonNode escalated = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO)
                .until(() -> orbit.await(id, Duration.ofSeconds(1)), v -> v.path("status").asText().equals("ESCALATED"));
        assertThat(escalated.path("reason").asText()).isEqualTo("sensitive reasoning for alice needs approval");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(gauge(metrics, "governance_escalations_pending")).isEqualTo(pendingBefore + 1));

        GovctlRun self = GovctlRun.of("approve", id, "--as", "alice", "--role", "devops", "--data-dir", dataDir.toString());
        assertThat(self.code()).as(self.err()).isZero();
        GovctlRun approved = GovctlRun.of("approve", id, "--as", "bob", "--role", "devops", "--comment", "fine", "--data-dir", dataDir.toString());
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("approval of " + id + " by bob (devops) accepted by Orbit");

        JsonNode completed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO)
                .until(() -> orbit.await(id, Duration.ofSeconds(5)), v -> v.path("status").asText().equals("COMPLETED"));
        assertThat(completed.path("decision").path("effect").asText()).isEqualTo("PERMIT");
        assertThat(completed.path("decision").path("reason").asText()).startsWith("approved by bob (devops)");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(gauge(metrics, "governance_escalations_pending")).isEqualTo(pendingBefore));

        VerificationReport report = PlatformRecords.verifyLedger(platform);
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    /** A gauge's value as the governance process exports it to Prometheus. */
    private static double gauge(String metricsUrl, String name) throws Exception {
        return PrometheusScrape.gauge(metricsUrl, name);
    }

    /** Waits until governance has decided (any status but PENDING). */
    private static JsonNode decided(OrbitClient orbit, String id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO)
                .until(() -> orbit.await(id, Duration.ofSeconds(5)), v -> !v.path("status").asText().equals("PENDING"));
    }
}

package io.govstream.governance.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.PolicyChanged;
import io.govstream.governance.Requests;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A promotion set published on the policies topic decides the gate, and leaves the dispatch set in force alone. */
class PublishedPromotionPolicyTest {
    private static final String FAST = """
            id: fast-release
            kind: promotion
            rules:
              - id: staging-to-production
                match: {action: promote, from: staging, to: production}
                effect: PERMIT
                reason: "one devops approval and a minute of soak"
                obligations:
                  promotion: {approvals: {devops: 1}, soak: 1m}
            """;

    @TempDir
    Path stateDir;
    @TempDir
    Path keysDir;
    private DeploymentDriver gate;

    @BeforeEach
    void setUp() {
        gate = new DeploymentDriver(stateDir, keysDir, null, DeploymentDriver.WITH_POLICIES);
    }

    @AfterEach
    void tearDown() {
        gate.close();
    }

    @Test
    void givenAFlagBasedDeployFreeze_whenTheFlagIsSet_thenAPendingGateIsDeniedByIt_andWhenUnsetAPromotionGoesThrough() {
        gate.close();
        gate = new DeploymentDriver(stateDir.resolve("flags"), keysDir, null, DeploymentDriver.WITH_FLAGS);
        gate.publish("""
                id: frozen-release
                kind: promotion
                rules:
                  - id: deploy-freeze
                    match: {action: promote}
                    when: flags.?deploy_freeze.orValue(false) == true
                    effect: DENY
                    reason: "deploys are frozen"
                  - id: staging-to-production
                    match: {action: promote, from: staging, to: production}
                    effect: PERMIT
                    reason: "one devops approval"
                    obligations:
                      promotion: {approvals: {devops: 1}}
                """, 1);
        gate.running("checkout", "1.4.2", "staging");
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PENDING);

        gate.flag("deploy_freeze", true);
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");

        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.DENY);
        assertThat(gate.lastDecision().getRuleId()).isEqualTo("deploy-freeze");
        assertThat(gate.lastDecision().getReason()).isEqualTo("deploys are frozen");
        assertThat(gate.commands()).isEmpty();

        gate.flag("deploy_freeze", false);
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(gate.commands()).hasSize(1);
    }

    @Test
    void givenAPublishedPromotionSet_thenTheGateUsesIt_andDispatchesStillUseTheDispatchSet() {
        gate.publish(FAST, 1);
        gate.running("checkout", "1.4.2", "staging");
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        assertThat(gate.lastDecision().getPolicySetId()).isEqualTo("fast-release");
        assertThat(gate.lastDecision().getPolicyVersion()).isEqualTo("1");
        assertThat(gate.lastDecision().getMissing()).containsExactly("soak 1m remaining in staging");

        gate.advance(Duration.ofMinutes(1));

        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);
        GovernanceDecision dispatch = gate.dispatch(Requests.reason("c-1"));
        assertThat(dispatch.getPolicySetId()).isEqualTo("default-dispatch");
        assertThat(dispatch.getEffect()).isEqualTo(Effect.PERMIT);
        PolicyChanged change = DeploymentDriver.read(gate.ledger().stream().filter(e -> e.getKind() == LedgerEntryKind.POLICY_CHANGE)
                .findFirst().orElseThrow(), PolicyChanged.class);
        assertThat(change.getPolicySetId()).isEqualTo("fast-release");
        assertThat(change.getKind()).as("what-if tells promotion changes from dispatch ones").isEqualTo("promotion");
        assertThat(change.getPreviousPolicySetId()).as("it replaced the shipped promotion set, not the dispatch set")
                .isEqualTo("default-promotion");
    }
}

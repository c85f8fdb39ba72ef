package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import org.junit.jupiter.api.Test;

class PolicySetTest {

    @Test
    void givenTwoMatchingRules_whenEvaluated_thenTheFirstWins() {
        PolicySet set = PolicyLoader.parse("""
                id: p
                version: "1"
                rules:
                  - id: deny-acme-shutdown
                    match: {tenant: acme, intent: shutdown}
                    effect: DENY
                    reason: no shutdowns for ${tenant}
                  - id: permit-all-orbit
                    match: {source: orbit}
                    effect: PERMIT
                    reason: orbit may
                """, "test");

        Verdict verdict = set.evaluate(new PolicyInput("orbit", "axon", "shutdown", "alice", "acme"));

        assertThat(verdict).isEqualTo(new Verdict(Effect.DENY, "deny-acme-shutdown", "no shutdowns for acme"));
        assertThat(set.evaluate(new PolicyInput("orbit", "axon", "shutdown", "alice", "globex")).ruleId()).isEqualTo("permit-all-orbit");
    }

    @Test
    void givenNoMatchingRule_whenEvaluated_thenDefaultDenyNamingThePolicySet() {
        PolicySet set = PolicyLoader.parse("id: strict\nversion: 7\nrules: []\n", "test");

        Verdict verdict = set.evaluate(new PolicyInput("orbit", "axon", "reason", "alice", "acme"));

        assertThat(verdict.effect()).isEqualTo(Effect.DENY);
        assertThat(verdict.ruleId()).isEqualTo("default-deny");
        assertThat(verdict.reason()).contains("no rule", "strict", "v7", "intent=reason");
    }

    @Test
    void givenTheSameContentLaidOutDifferently_whenHashed_thenTheHashIsTheSame() {
        PolicySet block = PolicyLoader.parse("""
                id: p
                version: "1"
                description: d
                defaultEffect: DENY
                rules:
                  - id: r1
                    match:
                      source: orbit
                      intent: [reason, heartbeat]
                      tenant: "*"
                    effect: PERMIT
                    reason: ok ${subject}
                """, "a");
        PolicySet flow = PolicyLoader.parse("""
                rules: [{reason: "ok ${subject}", effect: PERMIT, id: r1, match: {intent: [heartbeat, reason], source: [orbit]}}]
                version: 1
                description: 'd'
                id: p
                """, "b");

        assertThat(flow.contentHash()).isEqualTo(block.contentHash()).startsWith("sha256:").hasSize(7 + 64);
    }

    @Test
    void givenADifferentRuleOrderOrReason_whenHashed_thenTheHashDiffers() {
        String r1 = "  - {id: r1, effect: PERMIT, reason: a, match: {source: orbit}}\n";
        String r2 = "  - {id: r2, effect: DENY, reason: b}\n";
        PolicySet original = PolicyLoader.parse("id: p\nversion: 1\nrules:\n" + r1 + r2, "t");
        PolicySet reordered = PolicyLoader.parse("id: p\nversion: 1\nrules:\n" + r2 + r1, "t");
        PolicySet reworded = PolicyLoader.parse("id: p\nversion: 1\nrules:\n" + r1.replace("reason: a", "reason: A") + r2, "t");

        assertThat(reordered.contentHash()).isNotEqualTo(original.contentHash());
        assertThat(reworded.contentHash()).isNotEqualTo(original.contentHash());
    }
}

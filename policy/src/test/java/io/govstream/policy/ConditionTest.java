package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

    private static PolicySet set(String when) {
        return PolicyLoader.parse("""
                id: p
                rules:
                  - id: r
                    when: %s
                    effect: PERMIT
                    reason: ok
                """.formatted(when), "t.yaml");
    }

    private static PolicyInput request(String payload, Map<String, String> attributes) {
        return new PolicyInput("orbit", "axon", "reason", "alice", "acme", payload, attributes);
    }

    @Test
    void givenAConditionOnPayloadAndAttributes_whenItHolds_thenTheRulePermits() {
        PolicySet set = set("request.payload.items.size() <= 2 && request.attributes.dataClass == 'public'");

        assertThat(set.evaluate(new PolicyContext(request("{\"items\":[1,2]}", Map.of("dataClass", "public")), NOON, Map.of()))
                .effect()).isEqualTo(Effect.PERMIT);
        assertThat(set.evaluate(new PolicyContext(request("{\"items\":[1,2,3]}", Map.of("dataClass", "public")), NOON, Map.of()))
                .ruleId()).isEqualTo(Verdict.DEFAULT_DENY);
    }

    @Test
    void givenAConditionOnNow_whenEvaluatedAtDifferentTimes_thenOnlyOfficeHoursPermit() {
        PolicySet set = set("now.getHours('UTC') >= 9 && now.getHours('UTC') < 17");

        assertThat(set.evaluate(PolicyContext.of(request("{}", Map.of()), NOON)).effect()).isEqualTo(Effect.PERMIT);
        assertThat(set.evaluate(PolicyContext.of(request("{}", Map.of()), Instant.parse("2026-03-01T22:00:00Z"))).effect())
                .isEqualTo(Effect.DENY);
    }

    @Test
    void givenFlags_whenTheFlagIsOn_thenTheRuleApplies() {
        PolicySet set = set("has(flags.beta) && flags.beta == true");

        assertThat(set.evaluate(new PolicyContext(request("{}", Map.of()), NOON, Map.of("flags", Map.of("beta", true)))).effect())
                .isEqualTo(Effect.PERMIT);
        assertThat(set.evaluate(new PolicyContext(request("{}", Map.of()), NOON, Map.of("flags", Map.of()))).effect())
                .isEqualTo(Effect.DENY);
    }

    @Test
    void givenARuleMatchingDataClassAndEnvironment_whenTheAttributesDiffer_thenItDoesNotMatch() {
        PolicySet set = PolicyLoader.parse("""
                id: p
                rules:
                  - {id: r, match: {dataClass: pii, environment: [prod, staging]}, effect: DENY, reason: "${dataClass} in ${environment}"}
                  - {id: rest, effect: PERMIT, reason: ok}
                """, "t.yaml");

        assertThat(set.evaluate(request("{}", Map.of("dataClass", "pii", "environment", "prod"))).reason()).isEqualTo("pii in prod");
        assertThat(set.evaluate(request("{}", Map.of("dataClass", "pii"))).ruleId()).isEqualTo("rest");
    }

    @Test
    void givenATenantScopedSet_whenAnotherTenantsRequestReachesIt_thenNoRuleMatches() {
        PolicySet acme = PolicyLoader.parse("id: p\ntenant: acme\nrules:\n  - {id: all, effect: PERMIT, reason: ok}\n", "t.yaml");

        assertThat(acme.evaluate(request("{}", Map.of())).effect()).isEqualTo(Effect.PERMIT);
        Verdict other = acme.evaluate(new PolicyInput("orbit", "axon", "reason", "alice", "globex", "{}", Map.of()));
        assertThat(other.effect()).isEqualTo(Effect.DENY);
        assertThat(other.reason()).contains("scoped to tenant acme");
    }
}

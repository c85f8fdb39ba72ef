package io.govstream.governance.deployment;

import io.govstream.policy.PromotionGate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.Effect;
import io.govstream.policy.PolicyLoadException;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
    private static final Instant THURSDAY_NOON = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void givenTheDocumentedCopy_whenComparedWithTheShippedPromotionPolicy_thenTheyAreIdentical() throws IOException {
        Path copy = Path.of("policies/default-promotion.yaml");
        String shipped = PolicyLoader.readResource(PolicyLoader.DEFAULT_PROMOTION_RESOURCE);

        assertThat(Files.readString(copy, StandardCharsets.UTF_8)).isEqualTo(shipped);
        PolicySet set = PolicyLoader.load(copy, PolicyEnvironment.standard());
        assertThat(set.isPromotion()).isTrue();
        assertThat(set.rules()).extracting(r -> r.id())
                .containsExactly("dev-to-staging", "staging-to-production", "production-to-production-pci", "rollback");
    }

    @Test
    void givenTheSameRulesAsADispatchSet_whenHashed_thenTheKindChangesTheHash() {
        String body = "id: p\nrules:\n  - {id: a, match: {%s: x}, effect: PERMIT, reason: ok}\n";
        PolicySet dispatch = PolicyLoader.parse(body.formatted("source"), "d.yaml");
        PolicySet promotion = PolicyLoader.parse("kind: promotion\n" + body.formatted("from"), "p.yaml");

        assertThat(dispatch.kind()).isEqualTo(PolicySet.DISPATCH);
        assertThat(dispatch.canonicalForm()).doesNotContain("kind=");
        assertThat(promotion.contentHash()).isNotEqualTo(dispatch.contentHash());
    }

    /** A promotion set of one rule, {@code r}, whose promotion obligations are {@code obligations}, from line 10. */
    private static String promoting(String obligations) {
        return """
                id: release-gates
                kind: promotion
                rules:
                  - id: r
                    match: {from: staging, to: production}
                    effect: PERMIT
                    reason: ok
                    obligations:
                      promotion:
                """ + obligations.indent(8);
    }

    @Test
    void givenPromotionObligationsWithMistakes_whenLoaded_thenEveryMistakeIsReportedWithItsLine() {
        String yaml = promoting("""
                checks: [smoke, smoke]
                approvals: {devops: 0, security: 1000}
                soak: soon
                freeze:
                  - {name: nights, cron: "99 * * * *", duration: 8h}
                health: {maxErrorRate: high, maxLatencyP99Ms: 100, watch: 5m}
                colour: blue
                """);

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "bad.yaml"))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("bad.yaml:10: rule 'r': obligations.promotion.checks names 'smoke' twice")
                .hasMessageContaining("bad.yaml:11: rule 'r': obligations.promotion.approvals.devops must be a whole number of"
                        + " approvers from 1 to 999, was '0'")
                .hasMessageContaining("bad.yaml:11: rule 'r': obligations.promotion.approvals.security must be a whole number of"
                        + " approvers from 1 to 999, was '1000'")
                .hasMessageContaining("bad.yaml:12: rule 'r': obligations.promotion.soak: 'soon' is not a duration")
                .hasMessageContaining("bad.yaml:14: rule 'r': obligations.promotion.freeze 'nights'")
                .hasMessageContaining("bad.yaml:15: rule 'r': obligations.promotion.health.maxErrorRate must be a number")
                .hasMessageContaining("bad.yaml:16: rule 'r': obligations.promotion: unknown key 'colour'");
    }

    @Test
    void givenAPromotionKeyThatIsNotAPlainString_whenLoaded_thenRefusedSayingSo_notNamingANullKey() {
        String yaml = promoting("""
                ? [checks, soak]
                : smoke
                """);

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "bad.yaml"))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("bad.yaml:10: rule 'r': obligations.promotion: keys must be plain strings")
                .hasMessageNotContaining("'null'");
    }

    @Test
    void givenAPromotionRuleReadingState_whenLoaded_thenRefused_forTheGateDoesNotSeeTheTenantsCounts() {
        String yaml = """
                id: rate-limited-releases
                kind: promotion
                rules:
                  - id: too-many
                    match: {to: production}
                    when: state.rate('1h') > 10
                    effect: DENY
                    reason: too many
                  - id: frozen
                    match: {to: production}
                    when: flags.?deploy_freeze.orValue(false) == true
                    effect: DENY
                    reason: frozen
                """;

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "releases.yaml")).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("releases.yaml:6: rule 'too-many': when: a promotion rule cannot read state")
                .hasMessageNotContaining("rule 'frozen'");
        assertThat(PolicyLoader.parse(yaml.replace("kind: promotion\n", "").replace("{to: production}", "{target: axon}"), "d.yaml")
                .rules()).as("the same condition in a dispatch set").hasSize(2);
    }

    @Test
    void givenPromotionObligationsInADispatchSet_whenLoaded_thenRefused() {
        String yaml = """
                id: mixed
                rules:
                  - id: r
                    effect: PERMIT
                    reason: ok
                    obligations: {promotion: {checks: [smoke]}}
                """;

        assertThatThrownBy(() -> PolicyLoader.parse(yaml, "mixed.yaml"))
                .hasMessageContaining("obligations.promotion only applies to a PERMIT rule of a promotion set");
        assertThatThrownBy(() -> PolicyLoader.parse("id: k\nkind: release\nrules: []\n", "k.yaml"))
                .hasMessageContaining("kind must be dispatch (the default) or promotion, was 'release'");
    }

    @Test
    void givenTheWeekendFreeze_whenAskedOnSaturdayAndOnThursday_thenOnlySaturdayIsFrozenUntilMonday() {
        PolicySet set = PolicyLoader.loadResource(PolicyLoader.DEFAULT_PROMOTION_RESOURCE);
        PromotionGate.Facts ready = new PromotionGate.Facts("checkout", "1.4.2", "staging", "production", "alice", "acme",
                THURSDAY_NOON.minus(Duration.ofDays(3)),
                Map.of("integration", pass(), "load", pass(), "security-scan", pass()),
                List.of(new PromotionGate.Approval("bob", "devops"), new PromotionGate.Approval("carol", "devops")));

        PromotionGate.Outcome thursday = PromotionGate.evaluate(set, ready, THURSDAY_NOON, null);
        PromotionGate.Outcome saturday = PromotionGate.evaluate(set, ready, Instant.parse("2026-01-03T10:00:00Z"), null);
        PromotionGate.Outcome fridayEvening = PromotionGate.evaluate(set, ready, Instant.parse("2026-01-02T18:00:00Z"), null);

        assertThat(thursday.effect()).isEqualTo(Effect.PERMIT);
        assertThat(thursday.counted()).containsExactly("bob (devops)", "carol (devops)");
        assertThat(saturday.effect()).isEqualTo(Effect.PENDING);
        assertThat(saturday.missing()).containsExactly("change freeze 'weekend' until 2026-01-05T06:00:00Z");
        assertThat(fridayEvening.missing()).containsExactly("change freeze 'weekend' until 2026-01-05T06:00:00Z");
    }

    @Test
    void givenARevokedApprovalRemovedFromTheFacts_whenEvaluated_thenOnlyTheRemainingOneCounts() {
        PolicySet set = PolicyLoader.loadResource(PolicyLoader.DEFAULT_PROMOTION_RESOURCE);
        PromotionGate.Facts facts = new PromotionGate.Facts("checkout", "1.4.2", "production", "production-pci", "alice", "acme",
                THURSDAY_NOON.minus(Duration.ofHours(47)),
                Map.of("integration", pass(), "load", pass(), "security-scan", pass(), "pci-compliance", pass()),
                List.of(new PromotionGate.Approval("bob", "devops"), new PromotionGate.Approval("dave", "security")));

        PromotionGate.Outcome outcome = PromotionGate.evaluate(set, facts, THURSDAY_NOON, null);

        assertThat(outcome.effect()).isEqualTo(Effect.PENDING);
        assertThat(outcome.reason()).isEqualTo("needs 1 more devops approval; soak 1h remaining in production");
    }

    private static PromotionGate.Check pass() {
        return new PromotionGate.Check(true, "https://ci.example/1");
    }
}

package io.govstream.governance.policy;

import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicyContext;
import io.govstream.policy.CostLimits;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import io.govstream.policy.Verdict;
import io.govstream.policy.PolicyProblem;
import io.govstream.policy.ConditionCost;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import io.govstream.governance.dispatch.DispatchValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cost limits of conditions: estimated when a set is validated or loaded, metered when it is evaluated. */
class CostLimitsTest {
    private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");
    private static final PolicyEnvironment LENIENT = PolicyEnvironment.standard()
            .withLimits(new CostLimits(Long.MAX_VALUE, CostLimits.DEFAULTS.evaluation()));

    private static String withCondition(String when) {
        return """
                id: p
                rules:
                  - id: ok
                    match: {intent: nothing}
                    effect: DENY
                    reason: fine
                  - id: checked
                    when: %s
                    effect: PERMIT
                    reason: x
                """.formatted(when);
    }

    @Test
    void givenNestedIterationOverThePayload_whenValidated_thenRefusedNamingFileLineRuleAndTheLimit() {
        List<PolicyProblem> problems = PolicyLoader.problems(
                withCondition("request.payload.items.all(x, request.payload.items.exists(y, y == x))"), "costly.yaml");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo("costly.yaml");
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.ruleId()).isEqualTo("checked");
            assertThat(p.message()).contains("estimated cost", "exceeds the limit of 1000000");
            assertThat(p.toString()).startsWith("costly.yaml:8: rule 'checked': when: ");
        });
    }

    @Test
    void givenALinearTestInsideAnIterationOverThePayload_whenValidated_thenRefusedAsQuadratic() {
        assertThat(PolicyLoader.problems(withCondition("request.payload.items.all(x, x in request.payload.allowed)"), "costly.yaml"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("estimated cost", "exceeds the limit"));
        assertThat(PolicyLoader.problems(withCondition("request.payload.ids.exists(i, request.payloadText.contains(string(i)))"),
                "costly.yaml")).singleElement().satisfies(p -> assertThat(p.ruleId()).isEqualTo("checked"));
    }

    @Test
    void givenTheCostlyIterationOnTheSecondLineOfABlockCondition_whenValidated_thenThatLineOfTheFileIsNamed() {
        String yaml = """
                id: p
                rules:
                  - id: multi
                    when: |
                      request.source == 'orbit' &&
                      request.payload.lines.exists(a, request.payload.lines.filter(b, b == a).size() > 1)
                    effect: DENY
                    reason: x
                """;

        assertThat(PolicyLoader.problems(yaml, "costly.yaml")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.ruleId()).isEqualTo("multi");
            assertThat(p.message()).contains("(condition line 2, column ");
        });
    }

    @Test
    void givenOnePassOverThePayloadOrIterationOverLiterals_whenValidated_thenAccepted() {
        assertThat(PolicyLoader.problems(withCondition("request.payload.items.all(i, i.amount < 1000 && i.currency == 'EUR')"), "ok.yaml"))
                .isEmpty();
        assertThat(PolicyLoader.problems(withCondition("\"['a', 'b'].all(x, [1, 2, 3].exists(y, request.attributes[x] == string(y)))\""),
                "ok.yaml")).isEmpty();
        assertThat(PolicyLoader.problems(withCondition("request.payloadText.contains('refund') && size(request.attributes) < 10"),
                "ok.yaml")).isEmpty();
    }

    @Test
    void givenAPassOverNestedRequestData_whenValidated_thenAcceptedAsLinear() {
        assertThat(PolicyLoader.problems(withCondition("request.payload.orders.all(o, o.items.all(i, i.qty > 0 && i.qty < 100))"),
                "ok.yaml")).isEmpty();
    }

    @Test
    void givenTheShippedSets_whenValidated_thenWithinTheLimit() throws java.io.IOException {
        assertThat(PolicyLoader.problems(PolicyLoader.readResource(PolicyLoader.DEFAULT_RESOURCE), "default-dispatch.yaml")).isEmpty();
        assertThat(PolicyLoader.problems(PolicyLoader.readResource(PolicyLoader.DEFAULT_PROMOTION_RESOURCE), "default-promotion.yaml"))
                .isEmpty();
        java.nio.file.Path example = java.nio.file.Path.of("policies/examples/acme-payments.yaml");
        assertThat(PolicyLoader.problems(java.nio.file.Files.readString(example), example.toString())).isEmpty();
    }

    @Test
    void givenTheEstimateAssumesTheLargestPayload_thenItIsTheValidatorsLimit() {
        assertThat(ConditionCost.MAX_PAYLOAD_BYTES).isEqualTo(DispatchValidator.MAX_PAYLOAD_BYTES);
    }

    @Test
    void givenAQuadraticConditionInForce_whenEvaluatedOnALargePayload_thenDeniedByTheEvaluationLimit() {
        PolicySet set = PolicyLoader.parse(withCondition(
                "request.payload.items.all(x, request.payload.items.exists(y, y == x))"), "t.yaml", LENIENT);

        Verdict verdict = set.evaluate(context(items(20_000)));

        assertThat(verdict.effect()).isEqualTo(Effect.DENY);
        assertThat(verdict.ruleId()).isEqualTo(Verdict.EVALUATION_LIMIT);
        assertThat(verdict.reason()).isEqualTo("condition of rule 'checked' in policy set p v0 exceeded the evaluation limit"
                + " (cost above 1000000): denied");
    }

    @Test
    void givenTheCostlyPartInsideAnOr_whenTheOtherSideHolds_thenStillDeniedByTheEvaluationLimit() {
        // CEL's || absorbs an error on one side when the other is true: the limit must not be absorbed with it.
        PolicySet set = PolicyLoader.parse(withCondition(
                "request.payload.items.all(x, request.payload.items.all(y, y == x)) || request.source == 'orbit'"), "t.yaml", LENIENT);

        Verdict verdict = set.evaluate(context(zeros(20_000)));

        assertThat(verdict.ruleId()).isEqualTo(Verdict.EVALUATION_LIMIT);
        assertThat(verdict.effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void givenTheSameQuadraticCondition_whenTheInputIsSmall_thenItIsDecidedNormally() {
        PolicySet set = PolicyLoader.parse(withCondition(
                "request.payload.items.all(x, request.payload.items.exists(y, y == x))"), "t.yaml", LENIENT);

        Verdict verdict = set.evaluate(context(items(100)));

        assertThat(verdict.effect()).isEqualTo(Effect.PERMIT);
        assertThat(verdict.ruleId()).isEqualTo("checked");
    }

    @Test
    void givenOnePassOverTheLargestPayload_whenEvaluated_thenWithinTheEvaluationLimit() {
        PolicySet set = PolicyLoader.parse(withCondition("request.payload.items.all(i, i >= 0)"), "t.yaml");

        assertThat(set.evaluate(context(zeros(32_000))).ruleId()).isEqualTo("checked");
    }

    private static PolicyContext context(String payload) {
        return new PolicyContext(new PolicyInput("orbit", "axon", "reason", "alice", "acme", payload, Map.of()), NOON, Map.of());
    }

    private static String items(int n) {
        StringBuilder json = new StringBuilder("{\"items\":[0");
        for (int i = 1; i < n; i++) {
            json.append(',').append(i);
        }
        return json.append("]}").toString();
    }

    private static String zeros(int n) {
        return "{\"items\":[" + "0,".repeat(n - 1) + "0]}";
    }
}

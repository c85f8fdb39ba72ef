package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyValidatorTest {
    private static String withCondition(String when) {
        return """
                id: p
                rules:
                  - id: ok
                    effect: DENY
                    reason: fine
                  - id: checked
                    when: %s
                    effect: PERMIT
                    reason: x
                """.formatted(when);
    }

    @Test
    void givenATypeError_whenValidated_thenTheProblemNamesFileLineRuleAndCelMessage() {
        List<PolicyProblem> problems = PolicyLoader.problems(withCondition("request.source == 1"), "bad.yaml");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.origin()).isEqualTo("bad.yaml");
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.ruleId()).isEqualTo("checked");
            assertThat(p.message()).contains("found no matching overload for '_==_' applied to '(string, int)'");
            assertThat(p.toString()).startsWith("bad.yaml:7: rule 'checked': when: ");
        });
    }

    @Test
    void givenAnUnknownVariable_whenValidated_thenRejectedAsUndeclared() {
        List<PolicyProblem> problems = PolicyLoader.problems(withCondition("user.admin == true"), "bad.yaml");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.ruleId()).isEqualTo("checked");
            assertThat(p.message()).contains("undeclared reference to 'user'");
        });
    }

    @Test
    void givenASyntaxError_whenValidated_thenTheLineOfTheConditionInTheFileIsNamed() {
        String yaml = """
                id: p
                rules:
                  - id: multi
                    when: |
                      request.source == 'orbit' &&
                      request.intent ==
                    effect: PERMIT
                    reason: x
                """;

        List<PolicyProblem> problems = PolicyLoader.problems(yaml, "bad.yaml");

        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.ruleId()).isEqualTo("multi"));
        assertThat(problems.get(0).line()).isEqualTo(6);
        assertThat(problems.get(0).message()).contains("mismatched input");
    }

    @Test
    void givenANonBooleanCondition_whenValidated_thenRejected() {
        assertThat(PolicyLoader.problems(withCondition("request.source"), "bad.yaml"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("expected type 'bool'"));
    }

    @Test
    void givenSeveralProblems_whenValidated_thenAllAreReportedInDocumentOrder() {
        String yaml = """
                id: p
                tenant: Not A Tenant
                rules:
                  - {id: a, effect: ALLOW, reason: x}
                  - {id: b, effect: PERMIT, reason: x, when: "flags.x +"}
                """;

        assertThat(PolicyLoader.problems(yaml, "f.yaml")).extracting(PolicyProblem::line).containsExactly(2, 4, 5);
    }

    @Test
    void givenConditionsOverEveryVariable_whenValidated_thenTheyTypeCheck() {
        String yaml = withCondition("request.target == 'axon' && request.intent in ['a', 'b'] && request.subject != ''"
                + " && request.tenant == 'acme' && request.attributes['dataClass'] == 'pii' && request.payload.amount > 1"
                + " && request.payloadText.size() < 100 && now > timestamp('2020-01-01T00:00:00Z') && !('x' in flags)"
                + " && state != null");

        assertThat(PolicyLoader.problems(yaml, "ok.yaml")).isEmpty();
    }

    @Test
    void givenAnEscalateRule_whenLoaded_thenItsObligationsAreParsed() {
        PolicySet set = PolicyLoader.parse("""
                id: p
                rules:
                  - id: prod-deploy
                    match: {intent: deploy, environment: prod}
                    effect: ESCALATE
                    reason: "prod deploys need approval"
                    obligations:
                      escalation: {approvals: {devops: 2, security: 1}, timeout: 1h}
                """, "ok.yaml");

        PolicyRule rule = set.rules().get(0);
        assertThat(rule.effect()).isEqualTo(Effect.ESCALATE);
        assertThat(rule.obligations().escalation().approvals()).containsEntry("devops", 2).containsEntry("security", 1);
        assertThat(rule.obligations().escalation().timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(rule.line()).isEqualTo(3);
    }

    @Test
    void givenAnEscalateRuleWithoutApprovals_whenValidated_thenRejected() {
        assertThat(PolicyLoader.problems(escalating("{approvals: {devops: 0, security: 10000}, timeout: soon}"), "bad.yaml"))
                .extracting(PolicyProblem::message)
                .contains("obligations.escalation.approvals.devops must be a whole number of approvals from 1 to 9999, was '0'",
                        "obligations.escalation.approvals.security must be a whole number of approvals from 1 to 9999, was '10000'")
                .anySatisfy(m -> assertThat(m).contains("'soon' is not a duration"));
    }

    /** A policy of one escalating rule, {@code e}, its escalation on line 7. */
    private static String escalating(String escalation) {
        return """
                id: p
                rules:
                  - id: e
                    effect: ESCALATE
                    reason: x
                    obligations:
                      escalation: %s
                """.formatted(escalation);
    }

    /**
     * A length of time too long to count threw ArithmeticException out of validation, which promises problems and
     * never to throw, or was refused as no duration at all; a promotion's soak, freeze and watch read it the same way.
     */
    @ParameterizedTest
    @ValueSource(strings = {"99999999999999d", "999999999999999d", "99999999999999999999d", "PT2562048H"})
    void givenALengthOfTimeTooLongToCount_whenValidated_thenAProblemNamingIt(String timeout) {
        String policy = escalating("{approvals: {devops: 1}, timeout: " + timeout + "}");
        assertThat(PolicyLoader.problems(policy, "long.yaml")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.message()).isEqualTo("obligations.escalation.timeout: '" + timeout
                    + "' is too long: at most 106751d (about 292 years)");
        });
    }

    @Test
    void givenATenantSet_whenARuleMatchesAnotherTenant_thenRejectedAsNeverMatching() {
        assertThat(PolicyLoader.problems("id: p\ntenant: acme\nrules:\n  - {id: r, match: {tenant: globex}, effect: PERMIT, reason: x}\n", "t.yaml"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("can never match"));
    }
}

package io.govstream.governance.policy;

import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyTests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedPolicyTestsTest {
    private final PolicyTests tests = new PolicyTests(PolicyEnvironment.standard());

    @Test
    void givenTheShippedPolicies_whenTheirTestsRun_thenEveryCasePassesAndEveryRuleIsCovered() throws IOException {
        PolicyTests.Report report = tests.run(Path.of("policies/tests"));

        assertThat(report.files()).hasSize(3);
        assertThat(report.files()).allSatisfy(file -> {
            assertThat(file.error()).isNull();
            assertThat(file.cases()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.message()).isTrue());
            assertThat(file.uncoveredRules()).as("rules of " + file.policyFile() + " no case decided").isEmpty();
        });
        assertThat(report.passed()).isTrue();
    }

    @Test
    void givenAWrongExpectation_whenRun_thenTheCaseFailsSayingWhatDiffered(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("p.yaml"), "id: p\nrules:\n  - {id: a, effect: PERMIT, reason: yes}\n  - {id: b, effect: DENY, reason: no}\n");
        Files.writeString(dir.resolve("p.test.yaml"), """
                policy: p.yaml
                cases:
                  - name: wrong
                    given: {request: {source: s, target: t, intent: i}}
                    expect: {effect: DENY, rule: b}
                """);

        PolicyTests.Report report = tests.run(dir);

        assertThat(report.passed()).isFalse();
        PolicyTests.CaseResult result = report.files().get(0).cases().get(0);
        assertThat(result.message()).contains("effect PERMIT, expected DENY", "rule a, expected b");
        assertThat(report.files().get(0).uncoveredRules()).containsExactly("b");
    }
}

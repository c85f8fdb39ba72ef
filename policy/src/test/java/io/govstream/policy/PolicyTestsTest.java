package io.govstream.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code govctl policy test} cases a user gets wrong: each fails alone, saying which field of which entry is wrong. */
class PolicyTestsTest {
    private static final String PROMOTION = """
            id: gate
            kind: promotion
            version: "1"
            rules:
              - id: to-production
                match: {action: promote, from: staging, to: production}
                effect: PERMIT
                reason: approved
                obligations:
                  promotion:
                    approvals: {devops: 1}
            """;

    private final PolicyTests tests = new PolicyTests(PolicyEnvironment.standard());

    @Test
    void givenAnApprovalWithoutApprover_whenRun_thenTheCaseFailsNamingThatApproval(@TempDir Path dir) throws IOException {
        List<PolicyTests.CaseResult> cases = run(dir, PROMOTION, """
                  - name: approver left out
                    given:
                      promotion: {from: staging, to: production, requester: alice}
                      approvals: [{approver: bob, role: devops}, {role: devops}]
                    expect: {effect: PERMIT}
                  - name: role left out
                    given:
                      promotion: {from: staging, to: production, requester: alice}
                      approvals: [{approver: bob}]
                    expect: {effect: PERMIT}
                  - name: complete
                    given:
                      promotion: {from: staging, to: production, requester: alice}
                      deployedInSource: 1h
                      approvals: [{approver: bob, role: devops}]
                    expect: {effect: PERMIT, rule: to-production}
                """);

        assertThat(cases).extracting(PolicyTests.CaseResult::message).last().isEqualTo("");
        assertThat(cases).extracting(PolicyTests.CaseResult::passed).containsExactly(false, false, true);
        assertThat(cases.get(0).message()).isEqualTo("given.approvals[1].approver is missing");
        assertThat(cases.get(1).message()).isEqualTo("given.approvals[0].role is missing");
    }

    @Test
    void givenAPromotionWithoutItsTarget_whenRun_thenTheCaseSaysSo(@TempDir Path dir) throws IOException {
        List<PolicyTests.CaseResult> cases = run(dir, PROMOTION, """
                  - name: no target
                    given:
                      promotion: {from: staging, requester: alice}
                    expect: {effect: DENY}
                """);

        assertThat(cases.get(0).passed()).isFalse();
        assertThat(cases.get(0).message()).isEqualTo("given.promotion.to is missing");
    }

    @Test
    void givenAnExpectedEffectThatDoesNotExist_whenRun_thenTheCaseNamesTheEffectsThereAre(@TempDir Path dir) throws IOException {
        List<PolicyTests.CaseResult> cases = run(dir, PROMOTION, """
                  - name: allow is not an effect
                    given:
                      promotion: {from: staging, to: production, requester: alice}
                      approvals: [{approver: bob, role: devops}]
                    expect: {effect: ALLOW}
                """);

        assertThat(cases.get(0).passed()).isFalse();
        assertThat(cases.get(0).message()).isEqualTo("expect.effect must be one of PERMIT, DENY, ESCALATE, PENDING; was ALLOW");
    }

    private List<PolicyTests.CaseResult> run(Path dir, String policy, String cases) throws IOException {
        Files.writeString(dir.resolve("gate.yaml"), policy);
        Files.writeString(dir.resolve("gate.test.yaml"), "policy: gate.yaml\ncases:\n" + cases);
        PolicyTests.Report report = tests.run(dir);
        assertThat(report.files()).singleElement().satisfies(file -> assertThat(file.error()).isNull());
        return report.files().get(0).cases();
    }
}

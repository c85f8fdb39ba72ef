package io.govstream.cli;

import io.govstream.cli.client.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** govctl policy commands that need no cluster: test, validation on apply, help. */
class PolicyCommandTest {
    @TempDir
    Path dir;

    @Test
    void givenTheShippedPolicyTests_whenPolicyTestRuns_thenEveryCasePassesWithFullCoverageAndExit0() {
        GovctlRun run = govctl("policy", "test", "../governance-streams/policies/tests");

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("PASS orbit may ask axon to reason", "PASS a large production refund escalates",
                "coverage: 4/4 rules", "coverage: 5/5 rules", "coverage: 7/7 rules", "34 cases, 0 failed", "PASS the axon_paused kill switch denies what is otherwise permitted",
                "PASS staging → production with everything is permitted", "PASS one vote per person").doesNotContain("FAIL");
    }

    @Test
    void givenAFailingCase_whenPolicyTestRuns_thenItIsNamedWithWhatDifferedAndExit1() throws IOException {
        Files.writeString(dir.resolve("p.yaml"), "id: p\nrules:\n  - {id: a, effect: PERMIT, reason: yes}\n  - {id: b, effect: DENY, reason: no}\n");
        Files.writeString(dir.resolve("p.test.yaml"), """
                policy: p.yaml
                cases:
                  - name: expects a deny
                    given: {request: {source: s, target: t, intent: i}}
                    expect: {effect: DENY}
                """);

        GovctlRun run = govctl("policy", "test", dir.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).contains("FAIL expects a deny: effect PERMIT, expected DENY", "not exercised: b", "1 cases, 1 failed");
    }

    @Test
    void givenAnInvalidPolicy_whenApplied_thenRefusedWithFileLineRuleAndCelMessageBeforeAnyConnection() throws IOException {
        Path file = misspeltCondition();

        GovctlRun run = govctl("policy", "apply", file.toString(), "--data-dir", dir.resolve("no-platform").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains(file + ":4: rule 'typo': when: undeclared reference", "nothing published");
    }

    @Test
    void givenAnInvalidCandidate_whenWhatIfRuns_thenRefusedWithFileLineRuleBeforeAnyConnection() throws IOException {
        Path file = misspeltCondition();

        GovctlRun run = govctl("policy", "whatif", file.toString(), "--since", "24h", "--data-dir", dir.resolve("no-platform").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains(file + ":4: rule 'typo': when: undeclared reference", "nothing replayed");
    }

    @Test
    void givenPolicyHelp_whenAsked_thenEverySubcommandIsListed() {
        GovctlRun run = govctl("policy", "--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("apply", "list", "show", "diff", "rollback", "test", "whatif", "promote", "unshadow");
        for (String sub : new String[] {"apply", "list", "show", "diff", "rollback", "test", "whatif", "promote", "unshadow"}) {
            assertThat(govctl("policy", sub, "--help").code()).as(sub).isZero();
        }
    }

    private Path misspeltCondition() throws IOException {
        return Files.writeString(dir.resolve("bad.yaml"), """
                id: p
                rules:
                  - id: typo
                    when: request.intnet == 'reason'
                    effect: PERMIT
                    reason: x
                """);
    }

    private static GovctlRun govctl(String... args) {
        return GovctlRun.of(args);
    }
}

package io.govstream.governance.deployment;

import io.govstream.policy.PromotionGate;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.Effect;
import io.govstream.events.deployment.ApprovalGranted;
import io.govstream.events.deployment.CheckReported;
import io.govstream.events.deployment.DeployCommand;
import io.govstream.events.deployment.DeploymentAction;
import io.govstream.events.deployment.DeploymentCompleted;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.runtime.commands.CommandSeal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped promotion table, row by row, through the topology: PENDING with what is missing, PERMIT with a signed command, DENY. */
class PromotionGateTopologyTest {
    @TempDir
    Path stateDir;
    @TempDir
    Path keysDir;
    private DeploymentDriver gate;

    @BeforeEach
    void setUp() {
        gate = new DeploymentDriver(stateDir, keysDir, null);
    }

    @AfterEach
    void tearDown() {
        gate.close();
    }

    @Test
    void givenDevToStaging_whenSmokePasses_thenPermittedWithOneSignedPromoteCommand() {
        gate.deployed("checkout", "1.4.2", "dev");
        gate.request("checkout", "1.4.2", "dev", "staging", "alice");
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PENDING);
        assertThat(gate.lastDecision().getMissing()).containsExactly("check smoke not reported");

        gate.check("checkout", "1.4.2", "dev", "smoke", true);

        DeploymentDecision permit = gate.lastDecision();
        assertThat(permit.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(permit.getRuleId()).isEqualTo("dev-to-staging");
        assertThat(permit.getPolicySetId()).isEqualTo("default-promotion");
        assertThat(permit.getChecks()).containsExactly("smoke: https://ci.example/smoke");
        List<DeployCommand> commands = gate.commands();
        assertThat(commands).singleElement().satisfies(command -> {
            assertThat(command.getAction()).isEqualTo(DeploymentAction.PROMOTE);
            assertThat(command.getService()).isEqualTo("checkout");
            assertThat(command.getVersion()).isEqualTo("1.4.2");
            assertThat(command.getEnvironment()).isEqualTo("staging");
            assertThat(command.getDigest()).isEqualTo("sha256:abc");
            assertThat(command.getDecisionEventId()).isEqualTo(permit.getEnvelope().getEventId());
            assertThat(gate.verifier.check(command, DeploymentDriver.TUESDAY)).as("signature").isNull();
        });
        gate.check("checkout", "1.4.2", "dev", "smoke", true);
        assertThat(gate.commands()).as("a decided gate is closed: no second command").isEmpty();
    }

    @Test
    void givenStagingToProduction_whenChecksAndApprovalsArriveBeforeTheSoak_thenPendingWithTheExactRemainder() {
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(20).plusMinutes(48));
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        passStagingChecks();
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");

        assertThat(gate.lastDecision().getReason()).isEqualTo("needs 1 more devops approval; soak 3h12m remaining in staging");

        gate.approve("checkout", "1.4.2", "production", "carol", "devops");

        DeploymentDecision pending = gate.lastDecision();
        assertThat(pending.getEffect()).isEqualTo(Effect.PENDING);
        assertThat(pending.getMissing()).containsExactly("soak 3h12m remaining in staging");
        assertThat(pending.getApprovals()).containsExactly("bob (devops)", "carol (devops)");
        assertThat(gate.commands()).isEmpty();
    }

    @Test
    void givenNoGateOpen_thenNoSweepRuns_andASoakingGateKeepsItArmedUntilItPermits() {
        gate.running("checkout", "1.4.2", "staging");
        gate.tick(30);
        double started = gate.punctuations();
        assertThat(started).as("the first sweep of each timer after the start (approvals, deployment gates)").isEqualTo(2);
        gate.tick(25);
        assertThat(gate.punctuations()).as("sweeps with a service's state but no gate open").isEqualTo(started);

        gate.advance(Duration.ofHours(20).plusMinutes(48));
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        passStagingChecks();
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        gate.approve("checkout", "1.4.2", "production", "carol", "devops");
        double opened = gate.punctuations();
        gate.tick(10);
        assertThat(gate.punctuations() - opened).as("sweeps while the gate waits out its soak").isGreaterThanOrEqualTo(9);

        gate.advance(Duration.ofHours(4));
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);
        gate.tick(1);
        double closed = gate.punctuations();
        // 15 s, from 6 s past a whole minute since the start: the task's one-minute expiries (request ids, vote routes) fall
        // outside the windows counted exactly.
        gate.tick(15);
        assertThat(gate.punctuations()).as("sweeps once the gate is decided").isEqualTo(closed);
    }

    @Test
    void givenOnlyTheSoakMissing_whenWallClockTimePassesWithNoEvent_thenTheTimerPermits() {
        readyForProduction();
        int before = gate.decisions().size();

        gate.advance(Duration.ofHours(3));
        assertThat(gate.decisions()).as("a countdown alone is not ledgered again").hasSize(before);
        gate.advance(Duration.ofHours(1));

        DeploymentDecision permit = gate.lastDecision();
        assertThat(permit.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(permit.getRuleId()).isEqualTo("staging-to-production");
        assertThat(permit.getEnvelope().getCorrelationId()).isEqualTo("c-checkout-1.4.2-production");
        assertThat(gate.commands()).extracting(DeployCommand::getEnvironment).containsExactly("production");
    }

    @Test
    void givenTheRequesterApproves_thenHerVoteIsIgnoredAndSaidSo() {
        gate.running("checkout", "1.4.2", "staging");
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        gate.approve("checkout", "1.4.2", "production", "alice", "devops");

        DeploymentDecision decision = gate.lastDecision();
        assertThat(decision.getMissing()).contains("needs 2 more devops approvals");
        assertThat(decision.getReason()).contains("approval by alice ignored: the requester may not approve");
    }

    @Test
    void givenADuplicateApproval_thenItCountsOnce() {
        gate.running("checkout", "1.4.2", "staging");
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");

        DeploymentDecision decision = gate.lastDecision();
        assertThat(decision.getMissing()).contains("needs 1 more devops approval");
        assertThat(decision.getApprovals()).containsExactly("bob (devops)");
        assertThat(decision.getReason()).contains("approval by bob (devops) ignored: one vote per person");
    }

    @Test
    void givenAnApprovalNamingTheDigestItsApproverSaw_whenTheRequestWasMadeAgainForAnotherBuild_thenItDoesNotCount_andSaysWhy() {
        gate.running("checkout", "1.4.2", "staging");
        gate.request("checkout", "1.4.2", "staging", "production", "alice", "sha256:abc");
        // Between bob reading the request and his vote landing, the version is requested again with another image.
        gate.request("checkout", "1.4.2", "staging", "production", "alice", "sha256:0ther");
        gate.approve("checkout", "1.4.2", "production", "bob", "devops", "sha256:abc");

        DeploymentDecision stale = gate.lastDecision();
        assertThat(stale.getApprovals()).isEmpty();
        assertThat(stale.getReason()).contains("approval by bob (devops) ignored: it is for digest sha256:abc, "
                + "the open request of 1.4.2 to production is for sha256:0ther");

        gate.approve("checkout", "1.4.2", "production", "carol", "devops", "sha256:0ther");
        gate.approve("checkout", "1.4.2", "production", "dave", "devops");

        assertThat(gate.lastDecision().getApprovals()).as("the digest of the request, and no digest at all, count")
                .containsExactly("carol (devops)", "dave (devops)");
        assertThat(gate.lastDecision().getMissing()).doesNotContain("needs 1 more devops approval", "needs 2 more devops approvals");
    }

    @Test
    void givenARevokedApproval_whenTheSoakEnds_thenItNoLongerCountsAndNothingIsPermitted() {
        readyForProduction();
        gate.revoke("checkout", "1.4.2", "production", "carol", "devops");
        assertThat(gate.lastDecision().getReason()).isEqualTo("needs 1 more devops approval; soak 3h12m remaining in staging "
                + "(approval by carol revoked)");

        gate.advance(Duration.ofHours(4));

        assertThat(gate.lastDecision().getMissing()).containsExactly("needs 1 more devops approval");
        assertThat(gate.commands()).isEmpty();
    }

    @Test
    void givenProductionToPci_thenPciComplianceSecurityApprovalAnd48hAreNeededToo() {
        gate.running("checkout", "1.4.2", "production");
        gate.request("checkout", "1.4.2", "production", "production-pci", "alice");
        passChecks("production");
        gate.approve("checkout", "1.4.2", "production-pci", "bob", "devops");
        gate.approve("checkout", "1.4.2", "production-pci", "carol", "devops");
        assertThat(gate.lastDecision().getMissing()).containsExactly("check pci-compliance not reported",
                "needs 1 more security approval", "soak 2d remaining in production");

        gate.check("checkout", "1.4.2", "production", "pci-compliance", true);
        gate.approve("checkout", "1.4.2", "production-pci", "dave", "security");
        gate.advance(Duration.ofHours(48));

        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(gate.lastDecision().getApprovals()).containsExactly("bob (devops)", "carol (devops)", "dave (security)");
        assertThat(gate.commands()).extracting(DeployCommand::getEnvironment).containsExactly("production-pci");
    }

    @Test
    void givenChecksPassedInAnotherEnvironment_whenPromotingFromStaging_thenTheyDoNotCount() {
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(24));
        passChecks("dev");

        gate.request("checkout", "1.4.2", "staging", "production", "alice");

        assertThat(gate.lastDecision().getMissing()).contains("check integration not reported", "check load not reported",
                "check security-scan not reported");
    }

    @Test
    void givenApprovalsGivenBeforeAnyRequest_whenTheRequestComes_thenTheyDoNotCount_andSayWhy() {
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(24));
        passStagingChecks();
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        assertThat(gate.lastDecision()).as("no gate to decide yet").isNull();

        gate.request("checkout", "1.4.2", "staging", "production", "alice");

        assertThat(gate.lastDecision().getMissing()).containsExactly("needs 2 more devops approvals");
    }

    @Test
    void givenTheSamePersonWritingTheirNameTwoWays_whenApprovingTwice_thenOneVote_andTheRequesterCannotApproveInAnotherCase() {
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(24));
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        passStagingChecks();

        gate.approve("checkout", "1.4.2", "production", "Bob", "devops");
        gate.approve("checkout", "1.4.2", "production", " bob", "devops");
        assertThat(gate.lastDecision().getReason()).contains("approval by  bob (devops) ignored: one vote per person");
        gate.approve("checkout", "1.4.2", "production", "ALICE", "devops");

        DeploymentDecision pending = gate.lastDecision();
        assertThat(pending.getEffect()).isEqualTo(Effect.PENDING);
        assertThat(pending.getApprovals()).containsExactly("Bob (devops)");
        assertThat(pending.getReason()).contains("approval by ALICE ignored: the requester may not approve");
        assertThat(pending.getMissing()).containsExactly("needs 1 more devops approval");
    }

    @Test
    void givenAPermittedPromotion_whenItIsRolledBackAndRequestedAgain_thenTheOldApprovalsAreGone_andNoSecondCommandGoesOut() {
        readyForProduction();
        gate.advance(Duration.ofHours(3).plusMinutes(12));
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(gate.commands()).hasSize(1);
        gate.running("checkout", "1.4.1", "production");
        gate.running("checkout", "1.4.2", "production");
        gate.rolledBack("checkout", "1.4.1", "production");

        gate.request("checkout", "1.4.2", "staging", "production", "alice");

        DeploymentDecision again = gate.lastDecision();
        assertThat(again.getEffect()).isEqualTo(Effect.PENDING);
        assertThat(again.getMissing()).contains("needs 2 more devops approvals");
        assertThat(gate.commands()).as("no second PROMOTE on the old approvals").isEmpty();
    }

    @Test
    void givenAVersionRolledBackInTheSource_whenRequestedLater_thenSoakCountsOnlyTheCurrentRun() {
        gate.running("checkout", "1.4.1", "staging");
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(1));
        gate.rolledBack("checkout", "1.4.1", "staging");
        gate.advance(Duration.ofHours(23));
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(2));

        gate.request("checkout", "1.4.2", "staging", "production", "alice");

        assertThat(gate.lastDecision().getMissing()).contains("soak 22h remaining in staging");
    }

    @Test
    void givenEventsWrittenToTheTopicWithoutOrbitsSeal_thenNoneCounts_andEachIsDeadLetteredWithTheReason() {
        gate.deployed("checkout", "1.4.2", "dev");
        gate.request("checkout", "1.4.2", "dev", "staging", "alice");
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PENDING);
        int decisions = gate.decisions().size();

        // One holder of Kafka credentials posing as CI and as two approvers, then reporting a completion.
        gate.sendUnsealed("checkout", CheckReported.newBuilder().setEnvelope(gate.envelope("forged-check")).setService("checkout")
                .setVersion("1.4.2").setEnvironment("dev").setKind("smoke").setPassed(true).setEvidence("-").setReporter("ci").build());
        for (String approver : List.of("bob", "carol")) {
            gate.sendUnsealed("checkout", ApprovalGranted.newBuilder().setEnvelope(gate.envelope("forged-" + approver)).setService("checkout")
                    .setVersion("1.4.2").setToEnvironment("staging").setApprover(approver).setRole("devops").build());
        }
        gate.sendUnsealed("checkout", DeploymentCompleted.newBuilder().setEnvelope(gate.envelope("forged-done")).setService("checkout")
                .setVersion("1.4.2").setEnvironment("staging").setReporter("deployer").build());

        assertThat(gate.decisions()).as("nothing was decided on forged events").hasSize(decisions);
        assertThat(gate.commands()).isEmpty();
        assertThat(gate.deadLetters()).hasSize(4).allSatisfy(letter -> {
            assertThat(letter.getErrorType()).isEqualTo(io.govstream.governance.deadletter.SealCheckProcessor.UnsealedEventException.class.getName());
            assertThat(letter.getErrorMessage()).contains("not sealed by Orbit");
        });
    }

    @Test
    void givenACompletionIntoAnEnvironmentWithoutAPermit_thenRefusedAndLedgered_andTheVersionDoesNotRunThere() {
        gate.deployed("checkout", "1.4.2", "production");

        DeploymentDecision refused = gate.lastDecision();
        assertThat(refused.getEffect()).isEqualTo(Effect.DENY);
        assertThat(refused.getRuleId()).isEqualTo("completion-without-permit");
        assertThat(refused.getReason()).isEqualTo("checkout 1.4.2 reported running in production without a PERMIT for that promotion: "
                + "refused, not recorded as running there");
        assertThat(gate.observed).as("the observer behind the alert heard it").extracting(DeploymentDecision::getRuleId)
                .containsExactly("completion-without-permit");
        gate.request("checkout", "1.4.2", "production", "production-pci", "alice");
        assertThat(gate.lastDecision().getRuleId()).as("it does not run in production").isEqualTo("not-deployed-in-source");
    }

    @Test
    void givenAPermittedPromotion_whenItsCompletionIsReported_thenItRunsThere_andASecondCompletionNeedsANewPermit() {
        gate.deployed("checkout", "1.4.2", "dev");
        gate.request("checkout", "1.4.2", "dev", "staging", "alice");
        gate.check("checkout", "1.4.2", "dev", "smoke", true);
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);

        gate.deployed("checkout", "1.4.2", "staging");
        assertThat(gate.lastDecision().getEffect()).as("no refusal").isEqualTo(Effect.PERMIT);
        gate.advance(Duration.ofHours(24));
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        assertThat(gate.lastDecision().getRuleId()).as("it runs in staging: the gate decides by the policy")
                .isEqualTo("staging-to-production");

        gate.deployed("checkout", "1.4.2", "staging");
        assertThat(gate.lastDecision().getRuleId()).as("the PERMIT was used up").isEqualTo("completion-without-permit");
    }

    @Test
    void givenTwoTenantsWithAServiceOfTheSameName_whenOneApproves_thenOnlyItsOwnGateCounts() {
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(24));
        passStagingChecks();
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        gate.tenant("globex");
        gate.running("checkout", "1.4.2", "staging");
        gate.request("checkout", "1.4.2", "staging", "production", "mallory");

        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        gate.approve("checkout", "1.4.2", "production", "carol", "devops");

        DeploymentDecision globex = gate.lastDecision();
        assertThat(globex.getEnvelope().getTenant()).isEqualTo("globex");
        assertThat(globex.getMissing()).as("globex's own gate: its checks and soak are its own")
                .contains("check integration not reported", "soak 1d remaining in staging");
        assertThat(gate.decisions()).filteredOn(d -> d.getEnvelope().getTenant().equals("acme")).last()
                .satisfies(acme -> assertThat(acme.getApprovals()).as("globex's approvals never reach acme's gate").isEmpty());
        assertThat(gate.commands()).isEmpty();
    }

    @Test
    void givenASkippedEnvironmentOrAVersionNeverInTheSource_thenDenied() {
        gate.deployed("checkout", "1.4.2", "dev");
        gate.request("checkout", "1.4.2", "dev", "production", "alice");
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.DENY);
        assertThat(gate.lastDecision().getRuleId()).isEqualTo(PromotionGate.ADJACENT_ONLY);

        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.DENY);
        assertThat(gate.lastDecision().getReason()).isEqualTo("checkout 1.4.2 has never been deployed in staging: it cannot be promoted from there");
        assertThat(gate.commands()).isEmpty();
    }

    @Test
    void givenEverythingButInTheWeekendFreeze_thenPendingUntilMonday_thenPermittedByTheTimer() {
        gate.running("checkout", "1.4.2", "staging");
        // Tuesday 09:00 + 3d9h = Friday 18:00: the freeze has just begun.
        gate.advance(Duration.ofDays(3).plusHours(9));
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        passStagingChecks();
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        gate.approve("checkout", "1.4.2", "production", "carol", "devops");
        assertThat(gate.lastDecision().getMissing()).containsExactly("change freeze 'weekend' until 2026-03-09T06:00:00Z");

        gate.advance(Duration.ofHours(59).plusMinutes(59));
        assertThat(gate.commands()).as("still frozen at Monday 05:59").isEmpty();
        gate.advance(Duration.ofMinutes(1));

        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(gate.commands()).hasSize(1);
    }

    @Test
    void givenARollbackReportedToAVersionThatNeverRanThere_thenRefusedAndLedgered_andItNeitherRunsNorPromotesFromThere() {
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(24));

        gate.rolledBack("checkout", "6.6.6", "staging");

        DeploymentDecision refused = gate.lastDecision();
        assertThat(refused).as("a rollback to a version that never ran in staging is decided").isNotNull();
        assertThat(refused.getEffect()).isEqualTo(Effect.DENY);
        assertThat(refused.getRuleId()).isEqualTo("rollback-to-unknown-version");
        assertThat(refused.getAction()).isEqualTo(DeploymentAction.ROLLBACK);
        assertThat(refused.getVersion()).isEqualTo("6.6.6");
        gate.advance(Duration.ofHours(24));
        gate.request("checkout", "6.6.6", "staging", "production", "alice");
        assertThat(gate.lastDecision().getRuleId()).as("6.6.6 does not run in staging").isEqualTo("not-deployed-in-source");
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        assertThat(gate.lastDecision().getMissing()).as("1.4.2 still runs in staging, soaked").noneMatch(m -> m.startsWith("soak"));
        assertThat(gate.commands()).isEmpty();
    }

    @Test
    void givenAPermit_whenItsCompletionIsReportedWeeksLaterPastTheCommandTtl_thenRefused_andTheVersionDoesNotRunThere() {
        gate.deployed("checkout", "1.4.2", "dev");
        gate.request("checkout", "1.4.2", "dev", "staging", "alice");
        gate.check("checkout", "1.4.2", "dev", "smoke", true);
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(gate.commands()).hasSize(1);

        assertThat(gate.wiring.signedBy(CommandSeal.Signer.fromFile(CommandSeal.keyFiles(keysDir).privateFile(), Duration.ofMinutes(7)))
                .commandTtl())
                .as("production wiring: a PERMIT lasts the TTL commands are signed with").isEqualTo(Duration.ofMinutes(7));
        gate.advance(DeploymentDriver.COMMAND_TTL.plusDays(14)); // weeks later, past the TTL of the driver's signed commands

        gate.deployed("checkout", "1.4.2", "staging");
        assertThat(gate.lastDecision().getRuleId()).isEqualTo("completion-without-permit");
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        assertThat(gate.lastDecision().getRuleId()).as("it does not run in staging").isEqualTo("not-deployed-in-source");
    }

    @Test
    void givenAPermittedPromotion_whenTheVersionIsRolledBackInTheSourceBeforeItsCompletion_thenTheCompletionIsRefused() {
        gate.running("checkout", "1.4.1", "staging");
        readyForProduction();
        gate.advance(Duration.ofHours(3).plusMinutes(12));
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);

        gate.rolledBack("checkout", "1.4.1", "staging");
        gate.deployed("checkout", "1.4.2", "production");

        assertThat(gate.lastDecision().getRuleId()).as("the rollback ended the PERMIT").isEqualTo("completion-without-permit");
    }

    @Test
    void givenChecksReportedForManyVersions_thenTheStateKeepsABoundedNumber_andTheChecksOfAnOpenGateStillCount() {
        gate.running("checkout", "1.4.2", "staging");
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        gate.check("checkout", "1.4.2", "staging", "integration", true);
        gate.check("checkout", "1.4.2", "staging", "load", true);
        for (int i = 0; i < 100; i++) {
            gate.check("checkout", "0.0." + i, "staging", "integration", true);
        }
        gate.check("checkout", "1.4.2", "staging", "security-scan", true);
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        gate.approve("checkout", "1.4.2", "production", "carol", "devops");
        gate.advance(Duration.ofHours(24));

        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(gate.lastDecision().getChecks()).hasSize(3);
        // docs/deployments.md: checks of at most 20 versions besides those running or with an open gate
        assertThat(gate.stored("checkout").getChecks()).extracting(c -> c.getVersion()).doesNotContain("0.0.0")
                .contains("0.0.99").hasSizeLessThanOrEqualTo(21 + 2);
    }

    private void passStagingChecks() {
        passChecks("staging");
    }

    private void passChecks(String environment) {
        for (String kind : List.of("integration", "load", "security-scan")) {
            gate.check("checkout", "1.4.2", environment, kind, true);
        }
    }

    /** Staging → production with checks and two approvals, 3h12m of soak left (Tuesday, no freeze). */
    private void readyForProduction() {
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(20).plusMinutes(48));
        gate.request("checkout", "1.4.2", "staging", "production", "alice");
        passStagingChecks();
        gate.approve("checkout", "1.4.2", "production", "bob", "devops");
        gate.approve("checkout", "1.4.2", "production", "carol", "devops");
        assertThat(gate.lastDecision().getMissing()).containsExactly("soak 3h12m remaining in staging");
    }
}

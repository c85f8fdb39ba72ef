package io.govstream.governance.deployment;

import io.govstream.policy.PromotionGate;
import io.govstream.governance.clock.InputClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.govstream.events.Effect;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.events.deployment.DeployCommand;
import io.govstream.events.deployment.DeploymentAction;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.governance.GovernanceTopology;
import io.govstream.ledger.VerificationReport;
import io.govstream.policy.PolicyLoader;
import io.govstream.policy.PolicySet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blue/green watches, rollbacks (automatic and requested), bad input, the ledger of every event and decision, and naming. */
class BlueGreenTopologyTest {
    /** Published while a watch runs: other thresholds, another set. */
    private static final String HOTFIX_RELEASE = """
            id: hotfix-release
            kind: promotion
            rules:
              - id: staging-to-production
                match: {action: promote, from: staging, to: production}
                effect: PERMIT
                reason: "hotfix"
                obligations:
                  promotion: {health: {maxErrorRate: 0.5, maxLatencyP99Ms: 5000, watch: 5m}}
            """;
    private static final PolicySet SHIPPED = PolicyLoader.loadResource(PolicyLoader.DEFAULT_PROMOTION_RESOURCE);

    @TempDir
    Path stateDir;
    @TempDir
    Path keysDir;
    private DeploymentDriver gate;

    @BeforeEach
    void setUp() {
        gate = new DeploymentDriver(stateDir, keysDir, null);
        gate.running("checkout", "1.4.1", "production");
        gate.running("checkout", "1.4.2", "production");
    }

    @AfterEach
    void tearDown() {
        gate.close();
    }

    @Test
    void givenASwitchToGreen_whenHealthIsAboveThePolicyThresholdWithinTheWatch_thenRollbackDecisionAndCommand() {
        gate.switched("checkout", "1.4.2", "production", "green");
        gate.advance(Duration.ofMinutes(10));
        gate.health("checkout", "1.4.2", "production", 0.01, 300);
        assertThat(gate.decisions()).as("healthy report: nothing to decide").isEmpty();

        gate.health("checkout", "1.4.2", "production", 0.12, 300);

        DeploymentDecision rollback = gate.lastDecision();
        assertThat(rollback.getAction()).isEqualTo(DeploymentAction.ROLLBACK);
        assertThat(rollback.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(rollback.getRuleId()).isEqualTo("staging-to-production");
        assertThat(rollback.getReason()).isEqualTo("health of 1.4.2 in production after the switch to green: error rate 0.1200 "
                + "(max 0.0500), p99 300 ms (max 1000 ms): rolling back to 1.4.1");
        assertThat(gate.commands()).singleElement().satisfies(command -> {
            assertThat(command.getAction()).isEqualTo(DeploymentAction.ROLLBACK);
            assertThat(command.getVersion()).isEqualTo("1.4.1");
            assertThat(command.getEnvironment()).isEqualTo("production");
            assertThat(gate.verifier.check(command, DeploymentDriver.TUESDAY)).isNull();
        });
        gate.advance(Duration.ofHours(1));
        assertThat(gate.commands()).as("the watch ended with the rollback: no retirement").isEmpty();
    }

    @Test
    void givenASwitch_whenTheWatchEndsHealthy_thenTheOldColourMayBeRetired_withNoNewEvent() {
        gate.switched("checkout", "1.4.2", "production", "green");
        gate.health("checkout", "1.4.2", "production", 0.001, 900);

        gate.advance(Duration.ofMinutes(29));
        assertThat(gate.commands()).isEmpty();
        gate.advance(Duration.ofMinutes(1));
        assertThat(gate.commands()).as("a report appended within the allowed skew may still be on its way").isEmpty();
        gate.advance(InputClock.ALLOWED_SKEW.plusSeconds(1));

        DeploymentDecision retire = gate.lastDecision();
        assertThat(retire.getAction()).isEqualTo(DeploymentAction.RETIRE);
        assertThat(retire.getReason()).isEqualTo("1.4.2 stayed healthy in production on green for the whole watch: the blue colour may be retired");
        assertThat(gate.commands()).extracting(DeployCommand::getAction, DeployCommand::getColour)
                .containsExactly(tuple(DeploymentAction.RETIRE, "blue"));
        gate.health("checkout", "1.4.2", "production", 0.5, 5000);
        assertThat(gate.commands()).as("after the watch, health no longer rolls back by itself").isEmpty();
    }

    @Test
    void givenABadReportAppendedWithinTheWatchButReadAfterItsEnd_whenRead_thenItRollsBack_andTheOldColourIsNotRetired() {
        gate.switched("checkout", "1.4.2", "production", "green");
        gate.advance(Duration.ofMinutes(31)); // governance-streams lagged past the end of the 30-minute watch

        gate.health("checkout", "1.4.2", "production", 0.2, 300, DeploymentDriver.TUESDAY.plus(Duration.ofMinutes(20)));

        assertThat(gate.commands()).extracting(DeployCommand::getAction).containsExactly(DeploymentAction.ROLLBACK);
        gate.advance(Duration.ofMinutes(5));
        assertThat(gate.commands()).as("no retirement after the rollback").isEmpty();
    }

    @Test
    void givenABadReportAppendedAfterTheWatch_whenRead_thenIgnored_andTheWatchEndsHealthy() {
        gate.switched("checkout", "1.4.2", "production", "green");
        gate.advance(Duration.ofMinutes(31));

        gate.health("checkout", "1.4.2", "production", 0.2, 300, DeploymentDriver.TUESDAY.plus(Duration.ofMinutes(31)));
        gate.advance(InputClock.IDLE.plusSeconds(1));
        gate.advance(InputClock.IDLE.plusSeconds(1));

        assertThat(gate.commands()).extracting(DeployCommand::getAction).containsExactly(DeploymentAction.RETIRE);
    }

    @Test
    void givenARequestedRollback_thenItGoesThroughTheSameGate() {
        gate.rollback("checkout", "production", "bob");

        DeploymentDecision decision = gate.lastDecision();
        assertThat(decision.getRuleId()).isEqualTo("rollback");
        assertThat(decision.getEffect()).isEqualTo(Effect.PERMIT);
        assertThat(decision.getReason()).isEqualTo("rollback of production requested by bob (reason given: errors in checkout)");
        assertThat(gate.commands()).extracting(DeployCommand::getVersion).containsExactly("1.4.1");

        gate.rollback("checkout", "staging", "bob");
        assertThat(gate.lastDecision().getEffect()).isEqualTo(Effect.DENY);
        assertThat(gate.lastDecision().getRuleId()).isEqualTo(PromotionGate.NOTHING_TO_ROLL_BACK);
        assertThat(gate.commands()).isEmpty();
    }

    @Test
    void givenEventsAndDecisions_thenEachIsALedgerEntryInOrder_andTheChainVerifies() {
        gate.deployed("checkout", "2.0.0", "dev");
        gate.request("checkout", "2.0.0", "dev", "staging", "alice");
        gate.check("checkout", "2.0.0", "dev", "smoke", true);

        List<LedgerEntry> entries = gate.ledger();
        assertThat(entries).extracting(LedgerEntry::getKind, LedgerEntry::getPayloadType).containsExactly(
                tuple(LedgerEntryKind.STATE_CHANGE, DeploymentEvent.getClassSchema().getFullName()),
                tuple(LedgerEntryKind.STATE_CHANGE, DeploymentEvent.getClassSchema().getFullName()),
                tuple(LedgerEntryKind.DECISION, DeploymentDecision.getClassSchema().getFullName()),
                tuple(LedgerEntryKind.STATE_CHANGE, DeploymentEvent.getClassSchema().getFullName()),
                tuple(LedgerEntryKind.DECISION, DeploymentDecision.getClassSchema().getFullName()));
        assertThat(entries).allSatisfy(e -> assertThat(e.getSubjectKey()).isEqualTo("checkout"));
        assertThat(DeploymentDriver.read(entries.get(4), DeploymentDecision.class).getEffect()).isEqualTo(Effect.PERMIT);
        VerificationReport report = gate.verifyLedger();
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void givenBadInput_thenUndecodableGoesToDeadLetters_andInvalidIsDeniedWithTheReason() {
        gate.sendRaw("checkout", "not avro".getBytes(StandardCharsets.UTF_8));
        gate.request("checkout", "2.0.0", "dev", "qa", "alice");

        DeploymentDecision denied = gate.lastDecision();
        assertThat(denied.getEffect()).isEqualTo(Effect.DENY);
        assertThat(denied.getRuleId()).isEqualTo("validation");
        assertThat(denied.getReason()).contains("toEnvironment 'qa' is not one of [dev, staging, production, production-pci]");
        assertThat(denied.getVersion()).isEqualTo("2.0.0");
        assertThat(denied.getRequester()).isEqualTo("alice");
        var deadLetters = gate.driver().createOutputTopic(DeploymentDriver.TOPICS.deadLetters(),
                org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer(), gate.serdes.value(io.govstream.topology.Topics.DEAD_LETTERS).deserializer());
        assertThat(deadLetters.readValuesToList()).singleElement()
                .satisfies(letter -> assertThat(letter.getSourceTopic()).isEqualTo(DeploymentDriver.DEPLOYMENTS));
    }

    @Test
    void givenASwitchToAVersionNotRunningThere_thenRefusedAndLedgered_andNoWatchRetiresAnything() {
        gate.switched("checkout", "6.6.6", "production", "green");

        DeploymentDecision refused = gate.lastDecision();
        assertThat(refused).as("a switch to a version that does not run in production is decided").isNotNull();
        assertThat(refused.getEffect()).isEqualTo(Effect.DENY);
        assertThat(refused.getRuleId()).isEqualTo("switch-to-version-not-running");
        assertThat(refused.getVersion()).isEqualTo("6.6.6");
        gate.switched("checkout", "1.4.1", "production", "blue");
        assertThat(gate.lastDecision().getRuleId()).as("1.4.1 ran there before, but does not now").isEqualTo("switch-to-version-not-running");

        gate.advance(Duration.ofMinutes(31));
        gate.advance(InputClock.IDLE.plusSeconds(1));
        assertThat(gate.commands()).as("no watch was armed: nothing retired").isEmpty();
    }

    @Test
    void givenAPolicyPublishedDuringTheWatch_whenHealthRollsBack_thenTheDecisionNamesTheSetTheWatchWasArmedUnder() {
        gate.switched("checkout", "1.4.2", "production", "green");
        gate.publish(HOTFIX_RELEASE, 7);

        gate.health("checkout", "1.4.2", "production", 0.12, 300);

        DeploymentDecision rollback = gate.lastDecision();
        assertThat(rollback.getAction()).isEqualTo(DeploymentAction.ROLLBACK);
        assertThat(rollback.getReason()).contains("(max 0.0500)");
        assertThat(rollback).extracting(DeploymentDecision::getPolicySetId, DeploymentDecision::getPolicyVersion,
                DeploymentDecision::getPolicyHash, DeploymentDecision::getRuleId).containsExactly("default-promotion", "1",
                SHIPPED.contentHash(), "staging-to-production");
    }

    @Test
    void givenAPolicyPublishedDuringTheWatch_whenTheWatchEndsHealthy_thenTheRetirementNamesTheSetTheWatchWasArmedUnder() {
        gate.switched("checkout", "1.4.2", "production", "green");
        gate.publish(HOTFIX_RELEASE, 7);

        gate.advance(Duration.ofMinutes(30));
        gate.advance(InputClock.IDLE.plusSeconds(1));

        DeploymentDecision retire = gate.lastDecision();
        assertThat(retire.getAction()).isEqualTo(DeploymentAction.RETIRE);
        assertThat(retire).extracting(DeploymentDecision::getPolicySetId, DeploymentDecision::getPolicyVersion,
                DeploymentDecision::getPolicyHash, DeploymentDecision::getRuleId).containsExactly("default-promotion", "1",
                SHIPPED.contentHash(), "staging-to-production");
    }

    @Test
    void givenTheTopology_thenEveryPartIsNamed_andTheGateSharesTheLedgerTask() {
        TopologyDescription description = gate.topology().describe();

        assertThat(description.toString()).contains(DeploymentTopology.APPLY, DeploymentGates.STORE, DeploymentTopology.COMMANDS_SINK,
                GovernanceTopology.DEPLOYMENT_LEDGER_FACTS).doesNotContain("KSTREAM-");
        assertThat(description.subtopologies()).filteredOn(s -> s.toString().contains(DeploymentTopology.APPLY))
                .singleElement().satisfies(s -> assertThat(s.toString()).contains(GovernanceTopology.DECIDE,
                        GovernanceTopology.LEDGER_APPEND, "topics: [deployments]", "topics: [dispatch-by-tenant-repartition]"));
    }
}

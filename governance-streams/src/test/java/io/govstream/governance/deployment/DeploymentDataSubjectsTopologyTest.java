package io.govstream.governance.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.LedgerEntry;
import io.govstream.events.deployment.ApprovalGranted;
import io.govstream.events.deployment.DeploymentDecision;
import io.govstream.events.deployment.DeploymentEvent;
import io.govstream.events.deployment.PromotionRequested;
import io.govstream.governance.LedgerWiring;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.LedgerHeadRecovery;
import io.govstream.ledger.VerificationReport;
import io.govstream.ledger.checkpoint.CheckpointPolicy;
import io.govstream.ledger.gdpr.DataKeys;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.ledger.gdpr.KeyRing;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.schemas.gdpr.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people of a release are data subjects of the ledger: the requester and its summary, every
 * approver, and whoever a decision's reason names. Their names are ciphertext, and erasing one
 * leaves nothing of theirs readable while the gate's decisions stay in force.
 */
class DeploymentDataSubjectsTopologyTest {
    @TempDir
    Path stateDir;
    @TempDir
    Path keysDir;
    private final KeyEncryptionKey kek = KeyEncryptionKey.of(DataKeys.generate(), "memory");
    private final KeyRing ring = new KeyRing(kek);
    private DeploymentDriver gate;

    @BeforeEach
    void setUp() {
        gate = new DeploymentDriver(stateDir, keysDir, null, DeploymentDriver.TOPICS,
                new LedgerWiring(LedgerHeadRecovery.NONE, null, CheckpointPolicy.DEFAULT, kek));
    }

    @AfterEach
    void tearDown() {
        gate.close();
    }

    @Test
    void givenAPromotionWithApprovers_whenLedgered_thenNoNameIsInClear_andTheKeysOpenEveryOne() {
        approvedPromotion();

        for (LedgerEntry entry : gate.ledger()) {
            assertThat(new String(Bytes.of(entry.getPayload()), StandardCharsets.ISO_8859_1)).as(entry.getPayloadType())
                    .doesNotContain("alicia").doesNotContain("bobby").doesNotContain("carla").doesNotContain("mallory")
                    .doesNotContain("release 1.4.2");
        }
        DeploymentDecision last = revealed(gate.lastDecision());
        assertThat(last.getRequester()).isEqualTo("alicia");
        assertThat(last.getApprovers()).contains("bobby", "carla");
        assertThat(last.getReason()).contains("mallory").doesNotStartWith("gdpr:");
        PromotionRequested asked = (PromotionRequested) revealed(event(PromotionRequested.class)).getEvent();
        assertThat(asked.getRequester()).isEqualTo("alicia");
        assertThat(asked.getSummary()).isEqualTo("release 1.4.2");
    }

    @Test
    void givenAnApproverErased_whenRead_thenHisVoteAndEveryDecisionNamingHimReadErased_andTheLedgerStillVerifies() {
        approvedPromotion();

        gate.erase("mallory");

        ApprovalGranted ignoredVote = gate.ledger().stream().filter(e -> e.getPayloadType().equals(DeploymentEvent.class.getName()))
                .map(e -> revealed(DeploymentDriver.read(e, DeploymentEvent.class)).getEvent())
                .filter(ApprovalGranted.class::isInstance).map(ApprovalGranted.class::cast)
                .filter(a -> a.getRole().equals("security")).findFirst().orElseThrow();
        assertThat(ignoredVote.getApprover()).isEqualTo(PersonalFields.ERASED);
        List<DeploymentDecision> naming = gate.decisions().stream().map(this::revealed)
                .filter(d -> d.getApprovers().contains(PersonalFields.ERASED)).toList();
        assertThat(naming).as("the decision after mallory's vote names him").isNotEmpty();
        assertThat(naming).allSatisfy(d -> assertThat(d.getReason()).isEqualTo(PersonalFields.ERASED));
        assertThat(revealed(gate.decisions().get(0)).getRequester()).as("a decision before his vote").isEqualTo("alicia");
        VerificationReport report = gate.verifyLedger();
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void givenAnOpenGate_whenItsRequesterAndApproverAreErased_thenItsStateNamesNeither_andTheApprovalStillCountsOnce() {
        gateWithChecks();
        gate.approve("checkout", "1.4.2", "production", "bobby", "devops");
        assertThat(stateBytes()).as("the open gate names its people before the erasure").contains("alicia", "bobby");

        gate.erase("alicia");
        gate.erase("bobby");

        assertThat(stateBytes()).as("the gate's state, as its changelog holds it").doesNotContain("alicia").doesNotContain("bobby")
                .contains(SubjectRef.erasedPerson(SubjectRef.of("bobby")));
        gate.approve("checkout", "1.4.2", "production", " Bobby", "devops");
        assertThat(gate.decisions()).as("bobby cannot approve twice by being erased")
                .noneMatch(d -> d.getEffect() == io.govstream.events.Effect.PERMIT);
        // Nor can anyone approve under an erased person's marker: only an erasure writes one.
        gate.approve("checkout", "1.4.2", "production", SubjectRef.erasedPerson(SubjectRef.of("mallory")), "devops");
        DeploymentDecision posing = gate.lastDecision();
        assertThat(posing.getEffect()).isEqualTo(io.govstream.events.Effect.DENY);
        assertThat(revealed(posing).getReason()).contains("must not be an erased person's marker");
        gate.advance(Duration.ofHours(4)); // the rest of the staging soak
        gate.approve("checkout", "1.4.2", "production", "carla", "devops");
        DeploymentDecision last = revealed(gate.lastDecision());
        assertThat(last.getEffect()).as(last.getReason()).isEqualTo(io.govstream.events.Effect.PERMIT);
        assertThat(last.getRequester()).isEqualTo(SubjectRef.erasedPerson(SubjectRef.of("alicia")));
        assertThat(last.getApprovers()).containsExactlyInAnyOrder(SubjectRef.erasedPerson(SubjectRef.of("bobby")), "carla");
        assertThat(last.getReason()).doesNotContain("alicia").doesNotContain("bobby");
        VerificationReport report = gate.verifyLedger();
        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    /** The gate's store value for checkout, as its changelog record holds it. */
    private String stateBytes() {
        org.apache.kafka.streams.state.KeyValueStore<String, io.govstream.events.deployment.DeploymentState> store =
                gate.driver().getKeyValueStore(DeploymentGates.STORE);
        java.util.List<String> values = new java.util.ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> values.add(new String(DeploymentGates.serde().serializer().serialize("changelog", kv.value),
                    StandardCharsets.UTF_8)));
        }
        return String.join("\n", values);
    }

    /** alicia asks for checkout 1.4.2, staging → production, near the end of its soak; every check passes. */
    private void gateWithChecks() {
        gate.running("checkout", "1.4.2", "staging");
        gate.advance(Duration.ofHours(20).plusMinutes(48));
        gate.request("checkout", "1.4.2", "staging", "production", "alicia");
        for (String kind : List.of("integration", "load", "security-scan")) {
            gate.check("checkout", "1.4.2", "staging", kind, true);
        }
    }

    /** Staging → production: checks, two devops approvals, and one vote in a role the gate does not ask for. */
    private void approvedPromotion() {
        gateWithChecks();
        gate.approve("checkout", "1.4.2", "production", "bobby", "devops");
        gate.approve("checkout", "1.4.2", "production", "mallory", "security");
        gate.approve("checkout", "1.4.2", "production", "carla", "devops");
    }

    private DeploymentEvent event(Class<?> type) {
        return gate.ledger().stream().filter(e -> e.getPayloadType().equals(DeploymentEvent.class.getName()))
                .map(e -> DeploymentDriver.read(e, DeploymentEvent.class)).filter(e -> type.isInstance(e.getEvent())).findFirst().orElseThrow();
    }

    private <T extends SpecificRecord> T revealed(T stored) {
        gate.subjectKeys().forEach(kv -> ring.accept(kv.key, kv.value == null ? null : Bytes.of(kv.value.getWrappedKeyset())));
        return PersonalFields.decrypt(stored, ref -> ring.key(ref, 0));
    }
}

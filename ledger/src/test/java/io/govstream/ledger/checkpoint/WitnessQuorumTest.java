package io.govstream.ledger.checkpoint;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.CHECKPOINTS;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.LedgerVerifier;
import io.govstream.ledger.ProblemKind;
import io.govstream.ledger.VerificationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** verify --witness-key … --witness-quorum N: each partition's chain must be covered by a checkpoint a quorum cosigned. */
class WitnessQuorumTest {
    private static final long T = 1_767_225_600L;
    private final List<LedgerEntry> p0 = CheckpointFixtures.chain(0, 10, "quorum");
    private final List<LedgerEntry> p1 = CheckpointFixtures.chain(1, 6, "quorum");
    private final NoteSigner alice = NoteSigner.generate("alice.example/witness");
    private final NoteSigner bob = NoteSigner.generate("bob.example/witness");
    private final NoteSigner carol = NoteSigner.generate("carol.example/witness");
    private final WitnessPolicy twoOfThree = new WitnessPolicy(List.of(alice.cosignatureKey(), bob.cosignatureKey(), carol.cosignatureKey()), 2);

    @Test
    void givenEachPartitionCosignedByTwoWitnessesInSeparateRecords_whenVerified_thenTheQuorumIsMetOnTheMergedCosignatures() {
        LedgerCheckpoint p0at8 = CheckpointFixtures.signedAt(p0, 8, SIGNER);
        LedgerCheckpoint p1at6 = CheckpointFixtures.signedAt(p1, 6, SIGNER);
        List<CheckpointRecord> topic = List.of(
                new CheckpointRecord(0, CheckpointFixtures.signedAt(p0, 4, SIGNER)),
                new CheckpointRecord(1, p0at8),
                new CheckpointRecord(2, p1at6),
                new CheckpointRecord(3, cosigned(p0at8, alice)),
                new CheckpointRecord(4, cosigned(p0at8, bob)),
                new CheckpointRecord(5, cosigned(cosigned(p1at6, carol), alice)));

        Run run = verify(topic, twoOfThree);

        assertThat(run.report.isClean()).as(run.report.toString()).isTrue();
        assertThat(run.audit.witnessed().get(0).size()).isEqualTo(8);
        assertThat(run.audit.witnessed().get(0).cosigned().names()).isEqualTo("alice.example/witness, bob.example/witness");
        assertThat(run.audit.witnessed().get(1).size()).isEqualTo(6);
    }

    @Test
    void givenAPartitionCosignedByOneWitnessOnly_whenVerified_thenUnwitnessedNamesThePartitionAndWhoCosigned() {
        LedgerCheckpoint p0at10 = CheckpointFixtures.signedAt(p0, 10, SIGNER);
        LedgerCheckpoint p1at6 = CheckpointFixtures.signedAt(p1, 6, SIGNER);
        List<CheckpointRecord> topic = List.of(
                new CheckpointRecord(0, cosigned(cosigned(p0at10, alice), bob)),
                new CheckpointRecord(1, cosigned(p1at6, carol)));

        Run run = verify(topic, twoOfThree);

        assertThat(run.report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_UNWITNESSED);
            assertThat(p.partition()).isEqualTo(1);
            assertThat(p.offset()).isEqualTo(1);
            assertThat(p.message()).contains("checkpoint of size 6").contains("cosigned by 1 of the 3 trusted witnesses (carol.example/witness), quorum 2");
        });
    }

    @Test
    void givenCheckpointsWithoutNotes_whenAQuorumIsRequired_thenUnwitnessed() {
        LedgerCheckpoint old = CheckpointFixtures.signedAt(p1, 6, SIGNER);
        old.setNote(null);
        LedgerCheckpoint p0at10 = CheckpointFixtures.signedAt(p0, 10, SIGNER);

        Run run = verify(List.of(new CheckpointRecord(0, cosigned(cosigned(p0at10, alice), bob)), new CheckpointRecord(1, old)), twoOfThree);

        assertThat(run.report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.CHECKPOINT_UNWITNESSED);
            assertThat(p.partition()).isEqualTo(1);
            assertThat(p.message()).endsWith("none carries a signed note");
        });
    }

    @Test
    void givenAForgedCosignatureUnderATrustedWitnessName_whenVerified_thenForgedAndItDoesNotCount() {
        LedgerCheckpoint p0at10 = CheckpointFixtures.signedAt(p0, 10, SIGNER);
        LedgerCheckpoint p1at6 = CheckpointFixtures.signedAt(p1, 6, SIGNER);
        SignedNote note = SignedNote.parse(cosigned(p0at10, alice).getNote());
        SignedNote.Signature real = note.signatures().get(1);
        byte[] sig = real.signature();
        sig[20] ^= 1;
        SignedNote forged = new SignedNote(note.text(), List.of(note.signatures().get(0), new SignedNote.Signature(real.name(), real.keyHash(), sig)));
        LedgerCheckpoint withForged = LedgerCheckpoint.newBuilder(p0at10).setNote(forged.format()).build();

        Run run = verify(List.of(new CheckpointRecord(0, cosigned(withForged, bob)), new CheckpointRecord(1, cosigned(cosigned(p1at6, alice), bob))),
                twoOfThree);

        assertThat(run.report.problems()).extracting(p -> p.kind() + " " + p.partition())
                .containsExactlyInAnyOrder("CHECKPOINT_FORGED 0", "CHECKPOINT_UNWITNESSED 0");
        assertThat(run.report.problems()).anySatisfy(p -> assertThat(p.message())
                .contains("witness " + alice.cosignatureKey().id() + ": its cosignature does not verify"));
    }

    @Test
    void givenACosignedCheckpointOfAnotherHistory_whenVerified_thenItsCosignaturesDoNotCount() {
        LedgerCheckpoint fork = CheckpointFixtures.signedAt(CheckpointFixtures.chain(0, 10, "fork"), 10, SIGNER);
        LedgerCheckpoint p1at6 = CheckpointFixtures.signedAt(p1, 6, SIGNER);

        Run run = verify(List.of(new CheckpointRecord(0, cosigned(cosigned(fork, alice), bob)),
                new CheckpointRecord(1, cosigned(cosigned(p1at6, alice), bob))), twoOfThree);

        assertThat(run.report.problems()).extracting(p -> p.kind() + " " + p.partition())
                .containsExactlyInAnyOrder("CHECKPOINT_MISMATCH 0", "CHECKPOINT_UNWITNESSED 0");
    }

    @Test
    void givenABadPolicy_thenItIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new WitnessPolicy(List.of(alice.cosignatureKey()), 2)).hasMessageContaining("between 1 and the 1 witness keys");
        assertThatThrownBy(() -> new WitnessPolicy(List.of(alice.verifierKey()), 1)).hasMessageContaining("not a cosignature/v1 key");
        assertThatThrownBy(() -> new WitnessPolicy(List.of(alice.cosignatureKey(), alice.cosignatureKey()), 1)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> new WitnessPolicy(List.of(), 1)).hasMessageContaining("at least one witness key");
    }

    private static LedgerCheckpoint cosigned(LedgerCheckpoint checkpoint, NoteSigner witness) {
        SignedNote note = SignedNote.parse(checkpoint.getNote());
        return LedgerCheckpoint.newBuilder(checkpoint).setNote(note.with(witness.cosign(note.text(), T)).format()).build();
    }

    private record Run(VerificationReport report, CheckpointAudit audit) {
    }

    private Run verify(List<CheckpointRecord> checkpoints, WitnessPolicy policy) {
        CheckpointAudit audit = new CheckpointAudit(LEDGER, CHECKPOINTS, checkpoints, SIGNER.verifier(), null, null);
        audit.requireWitnesses(policy);
        LedgerVerifier verifier = new LedgerVerifier(b -> { throw new AssertionError(); }, audit);
        for (int i = 0; i < p0.size(); i++) {
            verifier.accept(0, i, p0.get(i));
        }
        for (int i = 0; i < p1.size(); i++) {
            verifier.accept(1, i, p1.get(i));
        }
        return new Run(verifier.report(), audit);
    }
}

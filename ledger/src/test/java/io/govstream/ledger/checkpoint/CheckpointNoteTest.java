package io.govstream.ledger.checkpoint;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.secrets.SigningKeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every PARTITION checkpoint carries its tree head as a C2SP signed note, checked beside the record's own signature. */
class CheckpointNoteTest {
    private final List<LedgerEntry> chain = CheckpointFixtures.chain(3, 12, "note");

    @Test
    void givenASignedPartitionCheckpoint_thenItsNoteIsATlogCheckpointSignedUnderTheLedgersKeyName() {
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 12, SIGNER);
        String root = Base64.getEncoder().encodeToString(Bytes.of(cp.getRootHash()));
        NoteVerifierKey vkey = SIGNER.noteSigner(CheckpointFixtures.LEDGER).verifierKey();

        assertThat(cp.getNote()).startsWith("govstream/governance.ledger/3\n12\n" + root + "\n\n\u2014 govstream/governance.ledger ")
                .endsWith("\n").hasLineCount(5);
        SignedNote note = SignedNote.parse(cp.getNote());
        assertThat(note.signatures()).singleElement().satisfies(s -> {
            assertThat(s.keyHash()).isEqualTo(vkey.keyHash());
            assertThat(s.signature()).hasSize(64); // raw Ed25519, no Tink prefix
        });
        assertThat(note.open(List.of(vkey)).verified()).hasSize(1);
        assertThat(vkey.vkey()).matches("govstream/governance\\.ledger\\+[0-9a-f]{8}\\+A[Q-Za-f][A-Za-z0-9+/]{42}") // base64(0x01 || 32 bytes)
                .startsWith("govstream/governance.ledger+" + String.format("%08x", vkey.keyHash()) + "+");
        assertThat(SIGNER.verifier().check(cp)).isEmpty();
    }

    @Test
    void givenTheVkeyAlone_whenTheNoteIsChecked_thenItVerifiesWithoutTheTinkKeyset() {
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 7, SIGNER);
        CheckpointVerifier byVkey = CheckpointVerifier.ofNoteKeys(
                List.of(NoteVerifierKey.parse(SIGNER.noteSigner(CheckpointFixtures.LEDGER).verifierKey().vkey())));

        assertThat(byVkey.checkNote(cp.getNote(), CheckpointFixtures.LEDGER, 3, 7, Bytes.of(cp.getRootHash()))).isEmpty();
        assertThat(byVkey.checkNote(cp.getNote(), CheckpointFixtures.LEDGER, 3, 8, Bytes.of(cp.getRootHash()))).get().asString()
                .contains("states tree size 7, the checkpoint 8");
    }

    @Test
    void givenANoteWhoseBodyWasEdited_whenTheCheckpointIsChecked_thenItsNoteSignatureFails() {
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 12, SIGNER);
        LedgerCheckpoint edited = LedgerCheckpoint.newBuilder(cp).setNote(cp.getNote().replace("\n12\n", "\n11\n")).build();

        assertThat(SIGNER.verifier().check(edited)).get().asString()
                .startsWith("its note is not validly signed by the ledger's key").contains("invalid signature for key govstream/governance.ledger+");
    }

    @Test
    void givenANoteOfAnotherTreeHead_whenTheCheckpointIsChecked_thenTheMismatchIsNamed() {
        LedgerCheckpoint at12 = CheckpointFixtures.signedAt(chain, 12, SIGNER);
        LedgerCheckpoint at11 = CheckpointFixtures.signedAt(chain, 11, SIGNER);
        LedgerCheckpoint otherPartition = SIGNER.sign(Checkpoints.of(CheckpointFixtures.LEDGER,
                CheckpointFixtures.headAfter(CheckpointFixtures.chain(4, 12, "note"), 12), CheckpointFixtures.T0, "test"));

        assertThat(SIGNER.verifier().check(LedgerCheckpoint.newBuilder(at12).setNote(at11.getNote()).build())).get().asString()
                .isEqualTo("its note states tree size 11, the checkpoint 12");
        assertThat(SIGNER.verifier().check(LedgerCheckpoint.newBuilder(at12).setNote(otherPartition.getNote()).build())).get().asString()
                .isEqualTo("its note names origin govstream/governance.ledger/4, not govstream/governance.ledger/3");
    }

    @Test
    void givenANoteSignedByAnotherKey_whenChecked_thenNotSignedByTheLedger() {
        CheckpointSigner other = CheckpointSigner.of(SigningKeyFiles.generate());
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 12, SIGNER);
        LedgerCheckpoint foreign = CheckpointFixtures.signedAt(chain, 12, other);

        assertThat(SIGNER.verifier().check(LedgerCheckpoint.newBuilder(cp).setNote(foreign.getNote()).build())).get().asString()
                .contains("note has no verifiable signatures");
    }

    @Test
    void givenACheckpointFromBeforeNotes_whenChecked_thenItsRecordSignatureAloneSuffices() {
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 5, SIGNER);
        cp.setNote(null); // the note is not part of the signed canonical encoding: records written before it verify as they did

        assertThat(SIGNER.verifier().check(cp)).isEmpty();
        assertThat(SIGNER.verifier().check(LedgerCheckpoint.newBuilder(cp).setTreeSize(6).build())).get().asString()
                .contains("signature does not verify");
    }

    @Test
    void givenACombinedCheckpoint_thenItHasNoNote() {
        LedgerCheckpoint combined = SIGNER.sign(Checkpoints.combined(CheckpointFixtures.LEDGER,
                List.of(CheckpointFixtures.signedAt(chain, 12, SIGNER)), CheckpointFixtures.T0, "test"));

        assertThat(combined.getNote()).isNull();
        assertThat(SIGNER.verifier().check(combined)).isEmpty();
        assertThat(SIGNER.verifier().check(LedgerCheckpoint.newBuilder(combined)
                .setNote(CheckpointFixtures.signedAt(chain, 12, SIGNER).getNote()).build())).get().asString().contains("COMBINED");
    }

    @Test
    void givenARotatedKeyset_whenAnOldNoteIsChecked_thenTheOldKeyStillVerifiesIt() throws Exception {
        com.google.crypto.tink.KeysetHandle first = SigningKeyFiles.generate();
        LedgerCheckpoint old = CheckpointFixtures.signedAt(chain, 4, CheckpointSigner.of(first));
        com.google.crypto.tink.KeysetHandle rotated = com.google.crypto.tink.KeysetHandle.newBuilder(first)
                .addEntry(com.google.crypto.tink.KeysetHandle.generateEntryFromParameters(
                        com.google.crypto.tink.signature.PredefinedSignatureParameters.ED25519).withRandomId().makePrimary())
                .build();
        CheckpointSigner signer = CheckpointSigner.of(rotated);
        LedgerCheckpoint fresh = CheckpointFixtures.signedAt(chain, 6, signer);

        assertThat(signer.verifier().check(old)).isEmpty();
        assertThat(signer.verifier().check(fresh)).isEmpty();
        assertThat(signer.verifier().noteKeys(CheckpointFixtures.LEDGER)).hasSize(2);
        assertThat(signer.noteSigner(CheckpointFixtures.LEDGER).verifierKey())
                .isNotEqualTo(CheckpointSigner.of(first).noteSigner(CheckpointFixtures.LEDGER).verifierKey());
    }

    @Test
    void givenSavedCheckpointsWithNotes_whenWrittenAndReadAsTrustedCheckpoints_thenTheNoteSurvives(@TempDir Path dir) {
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 9, SIGNER);
        Path file = dir.resolve("trusted.txt");

        TrustedCheckpoints.write(file, List.of(cp));

        assertThat(TrustedCheckpoints.read(file)).singleElement().satisfies(read -> {
            assertThat(read.getNote()).isEqualTo(cp.getNote());
            assertThat(SIGNER.verifier().check(read)).isEmpty();
        });
    }

    @Test
    void givenATrustedCheckpointsFileSavedBeforeNotes_whenRead_thenItStillReadsWithoutANote(@TempDir Path dir) throws Exception {
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 9, SIGNER);
        cp.setNote(null);
        Path file = dir.resolve("trusted.txt");
        TrustedCheckpoints.write(file, List.of(cp));
        // what an older govctl wrote: the same line without the note field
        Files.writeString(file, Files.readString(file).replace(",\"note\":null", ""));
        assertThat(Files.readString(file)).doesNotContain("note");

        assertThat(TrustedCheckpoints.read(file)).singleElement().satisfies(read -> {
            assertThat(read.getNote()).isNull();
            assertThat(SIGNER.verifier().check(read)).isEmpty();
        });
    }

    @Test
    void givenAKeysetWhosePrimaryIsNotEd25519_whenMadeASigner_thenRefused() throws Exception {
        com.google.crypto.tink.KeysetHandle ecdsa = com.google.crypto.tink.KeysetHandle.generateNew(
                com.google.crypto.tink.signature.PredefinedSignatureParameters.ECDSA_P256);

        assertThatThrownBy(() -> CheckpointSigner.of(ecdsa)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519");
    }
}

package io.govstream.ledger.checkpoint;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.merkle.MerkleHash;
import io.govstream.secrets.SigningKeyFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A witness cosigns a partition's checkpoints only along one append-only history, remembering where it stood. */
class WitnessTest {
    private static final long T = 1_767_225_600L;
    @TempDir
    Path dir;
    private final List<LedgerEntry> chain = CheckpointFixtures.chain(0, 20, "witness");
    private final List<long[]> reads = new ArrayList<>();
    private List<LedgerEntry> ledger = chain;
    private NoteSigner key;
    private Path stateFile;

    @BeforeEach
    void givenAWitnessKeyAndAnEmptyState() {
        key = Witness.generateKey("auditor.example/witness", dir.resolve("witness.key"));
        stateFile = dir.resolve("witness.state.json");
    }

    @Test
    void givenAFirstCheckpoint_whenCosigned_thenTheNoteGetsAVerifiableCosignatureLineAndTheStateRemembersIt() {
        Witness.Outcome outcome = witness().cosign(note(5), SIGNER.verifier(), this::leaves, T);

        assertThat(outcome).isInstanceOfSatisfying(Witness.Cosigned.class, c -> {
            assertThat(c.origin()).isEqualTo("govstream/governance.ledger/0");
            assertThat(c.size()).isEqualTo(5);
            assertThat(c.previousSize()).isZero();
            SignedNote cosigned = SignedNote.parse(c.note());
            assertThat(cosigned.text()).isEqualTo(SignedNote.parse(note(5)).text());
            assertThat(cosigned.signatures()).hasSize(2);
            SignedNote.Signature line = cosigned.signatures().get(1);
            assertThat(line.name()).isEqualTo("auditor.example/witness");
            assertThat(timestamp(line)).contains(T);
            assertThat(key.cosignatureKey().verify(cosigned.text(), line.signature())).isTrue();
            assertThat(SIGNER.verifier().checkNote(c.note(), LEDGER, 0, 5, Bytes.of(checkpoint(5).getRootHash()))).isEmpty();
        });
        assertThat(reads).containsExactly(new long[] {0, 5});
        assertThat(WitnessState.load(stateFile, key.cosignatureKey()).last("govstream/governance.ledger/0"))
                .get().extracting(WitnessState.Cosigned::size).isEqualTo(5L);
    }

    @Test
    void givenALaterConsistentCheckpoint_whenCosigned_thenOnlyTheEntriesSinceTheLastOneAreRead() {
        witness().cosign(note(5), SIGNER.verifier(), this::leaves, T);
        reads.clear();

        Witness.Outcome outcome = witness().cosign(note(13), SIGNER.verifier(), this::leaves, T + 60);

        assertThat(outcome).isInstanceOfSatisfying(Witness.Cosigned.class, c -> {
            assertThat(c.size()).isEqualTo(13);
            assertThat(c.previousSize()).isEqualTo(5);
        });
        assertThat(reads).containsExactly(new long[] {5, 13});
        String published = ((Witness.Cosigned) outcome).note();
        assertThat(witness().cosign(published, SIGNER.verifier(), this::leaves, T + 120)).isInstanceOf(Witness.Unchanged.class);
    }

    @Test
    void givenACosignatureThatNeverReachedTheNote_whenTheSameCheckpointComesAgain_thenItIsCosignedAgainWithoutReadingTheLedger() {
        witness().cosign(note(9), SIGNER.verifier(), this::leaves, T);
        reads.clear();

        Witness.Outcome again = witness().cosign(note(9), SIGNER.verifier(), this::leaves, T + 30);

        assertThat(again).isInstanceOfSatisfying(Witness.Cosigned.class, c -> {
            assertThat(c.size()).isEqualTo(9);
            assertThat(timestamp(SignedNote.parse(c.note()).signatures().get(1))).contains(T + 30);
        });
        assertThat(reads).isEmpty();
    }

    @Test
    void givenASmallerTreeAfterALargerOne_whenCosigned_thenRefusedBecauseTheLogWentBack() {
        witness().cosign(note(13), SIGNER.verifier(), this::leaves, T);

        assertThat(witness().cosign(note(5), SIGNER.verifier(), this::leaves, T + 1)).isInstanceOfSatisfying(Witness.Refused.class,
                r -> assertThat(r.reason()).isEqualTo("tree size 5 is smaller than the size 13 this witness already cosigned: the log went back"));
    }

    @Test
    void givenARewrittenHistorySignedWithTheLogsKey_whenCosigned_thenRefusedAsInconsistent() {
        witness().cosign(note(8), SIGNER.verifier(), this::leaves, T);
        // Whoever holds the signing key rewrote the partition and signed checkpoints of the rewrite.
        LedgerCheckpoint forkAt8 = CheckpointFixtures.signedAt(CheckpointFixtures.chain(0, 20, "rewritten"), 8, SIGNER);
        LedgerCheckpoint forkAt12 = CheckpointFixtures.signedAt(CheckpointFixtures.chain(0, 20, "rewritten"), 12, SIGNER);
        ledger = CheckpointFixtures.chain(0, 20, "rewritten");

        assertThat(witness().cosign(forkAt12.getNote(), SIGNER.verifier(), this::leaves, T + 1)).isInstanceOfSatisfying(Witness.Refused.class,
                r -> assertThat(r.reason()).startsWith("not consistent with the tree of size 8 this witness cosigned"));
        assertThat(witness().cosign(forkAt8.getNote(), SIGNER.verifier(), this::leaves, T + 1)).isInstanceOfSatisfying(Witness.Refused.class,
                r -> assertThat(r.reason()).contains("differs from the root").endsWith("two views of the log"));
        assertThat(WitnessState.load(stateFile, key.cosignatureKey()).last("govstream/governance.ledger/0"))
                .get().extracting(WitnessState.Cosigned::size).as("a refusal changes nothing").isEqualTo(8L);
    }

    @Test
    void givenALedgerThatDoesNotGiveTheSignedRoot_whenFirstCosigned_thenRefused() {
        ledger = CheckpointFixtures.chain(0, 20, "other");

        assertThat(witness().cosign(note(6), SIGNER.verifier(), this::leaves, T)).isInstanceOfSatisfying(Witness.Refused.class,
                r -> assertThat(r.reason()).isEqualTo("the ledger's first 6 entries do not give the signed root"));
    }

    @Test
    void givenALedgerMissingEntries_whenCosigned_thenRefusedNamingThem() {
        ledger = chain.subList(0, 4);

        assertThat(witness().cosign(note(6), SIGNER.verifier(), this::leaves, T)).isInstanceOfSatisfying(Witness.Refused.class,
                r -> assertThat(r.reason()).isEqualTo("the ledger holds 4 of the 6 entries 0..5 the checkpoint covers"));
    }

    @Test
    void givenANoteNotSignedByTheLog_whenCosigned_thenRefused() {
        CheckpointSigner other = CheckpointSigner.of(SigningKeyFiles.generate());
        String foreign = CheckpointFixtures.signedAt(chain, 6, other).getNote();

        assertThat(witness().cosign(foreign, SIGNER.verifier(), this::leaves, T)).isInstanceOfSatisfying(Witness.Refused.class,
                r -> assertThat(r.reason()).startsWith("the note is not validly signed by the ledger's key"));
        assertThat(Files.exists(stateFile)).isFalse();
    }

    @Test
    void givenTheKeyFile_thenItIsOwnerOnlyInTheGoNoteFormatAndRefusedOnceOthersCanReadIt() throws Exception {
        Path file = dir.resolve("witness.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("PRIVATE+KEY+auditor.example/witness+");
        assertThat(Witness.loadKey(file).cosignatureKey()).isEqualTo(key.cosignatureKey());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Witness.loadKey(file)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Secret file " + file + " has mode rw-r--r--; it must be readable by its owner only. Fix it with: chmod 600 " + file);
        assertThatThrownBy(() -> Witness.generateKey("again", file)).hasMessageContaining("already exists");
    }

    @Test
    void givenTheStateOfAnotherWitness_whenLoaded_thenRefused() {
        witness().cosign(note(5), SIGNER.verifier(), this::leaves, T);
        NoteSigner other = NoteSigner.generate("other.example/witness");

        assertThatThrownBy(() -> WitnessState.load(stateFile, other.cosignatureKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give each witness key its own state file");
    }

    private Witness witness() {
        return new Witness(key, WitnessState.load(stateFile, key.cosignatureKey()));
    }

    private List<byte[]> leaves(String ledgerTopic, int partition, long from, long to) {
        assertThat(ledgerTopic).isEqualTo(LEDGER);
        assertThat(partition).isZero();
        reads.add(new long[] {from, to});
        return ledger.stream().filter(e -> e.getSequence() >= from && e.getSequence() < to)
                .map(e -> MerkleHash.leaf(Bytes.of(e.getHash()))).toList();
    }

    private LedgerCheckpoint checkpoint(int size) {
        return CheckpointFixtures.signedAt(chain, size, SIGNER);
    }

    private String note(int size) {
        return checkpoint(size).getNote();
    }

    /** The time a cosignature states (POSIX seconds), if the signature has the cosignature's shape. */
    private static Optional<Long> timestamp(SignedNote.Signature signature) {
        byte[] sig = signature.signature();
        if (sig.length != 8 + 64) {
            return Optional.empty();
        }
        long t = ByteBuffer.wrap(sig, 0, 8).getLong();
        return t < 0 ? Optional.empty() : Optional.of(t);
    }
}

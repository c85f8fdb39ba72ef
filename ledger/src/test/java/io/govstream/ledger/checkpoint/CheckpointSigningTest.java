package io.govstream.ledger.checkpoint;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.LedgerHead;
import io.govstream.secrets.SigningKeyFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSigningTest {
    private final List<LedgerEntry> chain = CheckpointFixtures.chain(2, 9, "sign");

    @Test
    void givenASignedCheckpoint_whenVerifiedWithThePublicKey_thenValidAndItStatesTheHead() {
        LedgerCheckpoint checkpoint = CheckpointFixtures.signedAt(chain, 9, SIGNER);

        assertThat(SIGNER.verifier().check(checkpoint)).isEmpty();
        assertThat(checkpoint.getKeyId()).isEqualTo(CheckpointSigner.keyIdOf(CheckpointFixtures.SIGNING_KEYS)).hasSize(8);
        LedgerHead head = Checkpoints.headOf(checkpoint, new StringBuilder()).orElseThrow();
        assertThat(head).isEqualTo(CheckpointFixtures.headAfter(chain, 9));
    }

    @Test
    void givenASignedCheckpoint_whenAnySignedFieldChanges_thenTheSignatureNoLongerVerifies() {
        LedgerCheckpoint original = CheckpointFixtures.signedAt(chain, 9, SIGNER);
        LedgerCheckpoint size = LedgerCheckpoint.newBuilder(original).setTreeSize(10).build();
        LedgerCheckpoint root = LedgerCheckpoint.newBuilder(original).setRootHash(ByteBuffer.wrap(new byte[32])).build();
        LedgerCheckpoint topic = LedgerCheckpoint.newBuilder(original).setLedgerTopic("other").build();
        LedgerCheckpoint time = LedgerCheckpoint.newBuilder(original).setIssuedAt(original.getIssuedAt().plusMillis(1)).build();

        for (LedgerCheckpoint forged : List.of(size, root, topic, time)) {
            assertThat(SIGNER.verifier().check(forged)).get().asString().contains("signature does not verify");
        }
    }

    @Test
    void givenACheckpointSignedByAnotherKey_whenVerified_thenTheKeyIsNotTrusted() {
        CheckpointSigner other = CheckpointSigner.of(SigningKeyFiles.generate());
        LedgerCheckpoint checkpoint = CheckpointFixtures.signedAt(chain, 4, other);

        assertThat(SIGNER.verifier().check(checkpoint)).get().asString().contains("not among the trusted keys");
        LedgerCheckpoint relabelled = LedgerCheckpoint.newBuilder(checkpoint)
                .setKeyId(CheckpointFixtures.signedAt(chain, 4, SIGNER).getKeyId()).build();
        assertThat(SIGNER.verifier().check(relabelled)).get().asString().contains("signature does not verify");
    }

    @Test
    void givenACheckpointWhoseFrontierDoesNotFoldToItsRoot_whenRead_thenMalformed() {
        LedgerCheckpoint checkpoint = CheckpointFixtures.signedAt(chain, 5, SIGNER);
        LedgerCheckpoint other = CheckpointFixtures.signedAt(chain, 6, SIGNER);
        checkpoint.setFrontier(List.of(checkpoint.getFrontier().get(0), other.getFrontier().get(1)));
        StringBuilder why = new StringBuilder();

        assertThat(Checkpoints.headOf(checkpoint, why)).isEmpty();
        assertThat(why).contains("does not fold");
    }

    @Test
    void givenAFreshDataDir_whenKeysAreLoaded_thenAPrivateFileMode0600AndAPublicFileThatVerifies(@TempDir Path dataDir) throws Exception {
        CheckpointSigner signer = SigningKeys.loadOrCreate(dataDir);
        CheckpointSigner again = SigningKeys.loadOrCreate(dataDir);

        assertThat(CheckpointFixtures.signedAt(chain, 4, again).getKeyId())
                .isEqualTo(CheckpointFixtures.signedAt(chain, 4, signer).getKeyId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SigningKeys.privateKeyFile(dataDir)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SigningKeys.privateKeyFile(dataDir).getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(SigningKeys.publicKeyFile(dataDir))).contains("Ed25519PublicKey").doesNotContain("PRIVATE");
        CheckpointVerifier verifier = SigningKeys.verifier(SigningKeys.publicKeyFile(dataDir));
        assertThat(verifier.check(CheckpointFixtures.signedAt(chain, 3, signer))).isEmpty();
    }

    @Test
    void givenASigningKeyOthersCanRead_whenLoaded_thenRefusedNamingTheChmod(@TempDir Path dataDir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "POSIX file modes");
        SigningKeys.loadOrCreate(dataDir);
        Path key = SigningKeys.privateKeyFile(dataDir);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigningKeys.loadOrCreate(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Secret file " + key + " has mode rw-r--r--; it must be readable by its owner only. Fix it with: chmod 600 " + key);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigningKeys.signer(key)).isInstanceOf(IllegalStateException.class);
    }
}

package io.govstream.ledger.proof;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import dev.sigstore.rekor.client.Checkpoints;
import dev.sigstore.rekor.client.RekorEntry;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.checkpoint.NoteSigner;
import io.govstream.ledger.checkpoint.NoteVerifierKey;
import io.govstream.ledger.checkpoint.SignedNote;
import io.govstream.ledger.merkle.MerkleHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * Our proofs and checkpoint notes read by code not written here: sigstore-java 2.0.0's RFC 6962
 * inclusion-proof verifier and its C2SP checkpoint parser (what Sigstore clients use for Rekor), with
 * signatures checked by Bouncy Castle's Ed25519 rather than by our own code.
 */
class SigstoreCrossCheckTest {
    private static final HexFormat HEX = HexFormat.of();
    private final List<LedgerEntry> chain = CheckpointFixtures.chain(2, 21, "sigstore");
    private final LedgerCheckpoint checkpoint = CheckpointFixtures.signedAt(chain, 21, SIGNER);

    @Test
    void givenEveryProofOfA21EntryTree_whenSigstoreVerifiesItAgainstTheNotesRoot_thenItIsAccepted() throws Exception {
        RekorEntry.Checkpoint parsed = Checkpoints.from(checkpoint.getNote());
        byte[] root = Base64.getDecoder().decode(parsed.getBase64Hash());
        for (LedgerEntry entry : chain) {
            String document = proof(entry);
            byte[] leafHash = HEX.parseHex(ProofTamperTest.field(document, "leafHash"));
            List<byte[]> path = path(document);

            // throws if the path does not lead to the root
            InclusionProofVerifier.verify(leafHash, entry.getSequence(), parsed.getSize(), path, root);
            assertThat(leafHash).isEqualTo(MerkleHash.leaf(Bytes.of(entry.getHash())));
        }
    }

    @Test
    void givenATamperedPathOrLeaf_whenSigstoreVerifiesIt_thenItIsRejected() throws Exception {
        String document = proof(chain.get(9));
        byte[] leafHash = HEX.parseHex(ProofTamperTest.field(document, "leafHash"));
        byte[] root = Bytes.of(checkpoint.getRootHash());
        List<byte[]> path = path(document);
        List<byte[]> flipped = new ArrayList<>(path);
        byte[] element = flipped.get(1).clone();
        element[31] ^= 1;
        flipped.set(1, element);
        byte[] otherLeaf = MerkleHash.leaf(Bytes.of(chain.get(10).getHash()));

        assertThatThrownBy(() -> InclusionProofVerifier.verify(leafHash, 9, 21, flipped, root))
                .isInstanceOf(InclusionProofVerificationException.class);
        assertThatThrownBy(() -> InclusionProofVerifier.verify(otherLeaf, 9, 21, path, root))
                .isInstanceOf(InclusionProofVerificationException.class);
        assertThatThrownBy(() -> InclusionProofVerifier.verify(leafHash, 9, 21, path.subList(0, path.size() - 1), root))
                .isInstanceOf(InclusionProofVerificationException.class);
    }

    @Test
    void givenOurCheckpointNote_whenSigstoreParsesIt_thenItReadsOurOriginSizeRootAndKeyAndTheSignatureVerifies() throws Exception {
        RekorEntry.Checkpoint parsed = Checkpoints.from(checkpoint.getNote());
        NoteVerifierKey vkey = SIGNER.noteSigner(LEDGER).verifierKey();

        assertThat(parsed.getOrigin()).isEqualTo("govstream/governance.ledger/2");
        assertThat(parsed.getSize()).isEqualTo(21L);
        assertThat(Base64.getDecoder().decode(parsed.getBase64Hash())).isEqualTo(Bytes.of(checkpoint.getRootHash()));
        assertThat(parsed.getSignatures()).singleElement().satisfies(sig -> {
            assertThat(sig.getIdentity()).isEqualTo(vkey.name());
            assertThat(ByteBuffer.wrap(sig.getKeyHint()).getInt()).isEqualTo(vkey.keyHash());
            assertThat(bouncyCastleVerifies(vkey.publicKey(), bytes(parsed.getSignedData()), sig.getSignature())).isTrue();
            assertThat(bouncyCastleVerifies(vkey.publicKey(), bytes(parsed.getSignedData().replace("\n21\n", "\n22\n")), sig.getSignature()))
                    .isFalse();
        });
    }

    @Test
    void givenACosignedNote_whenSigstoreParsesIt_thenTheWitnessLineIsATimestampedSignatureOverTheCosignatureMessage() throws Exception {
        NoteSigner witness = NoteSigner.generate("witness.example/w1");
        SignedNote note = SignedNote.parse(checkpoint.getNote());
        String cosigned = note.with(witness.cosign(note.text(), 1_767_225_600L)).format();

        RekorEntry.Checkpoint parsed = Checkpoints.from(cosigned);

        assertThat(parsed.getSignatures()).hasSize(2);
        RekorEntry.CheckpointSignature w = parsed.getSignatures().get(1);
        assertThat(w.getIdentity()).isEqualTo("witness.example/w1");
        assertThat(ByteBuffer.wrap(w.getKeyHint()).getInt()).isEqualTo(witness.cosignatureKey().keyHash());
        byte[] sig = w.getSignature();
        assertThat(sig).hasSize(8 + 64);
        long time = ByteBuffer.wrap(sig, 0, 8).getLong();
        assertThat(time).isEqualTo(1_767_225_600L);
        byte[] message = bytes("cosignature/v1\ntime " + time + "\n" + parsed.getSignedData());
        assertThat(bouncyCastleVerifies(witness.cosignatureKey().publicKey(), message, java.util.Arrays.copyOfRange(sig, 8, sig.length))).isTrue();
    }

    private static boolean bouncyCastleVerifies(byte[] publicKey, byte[] message, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    private String proof(LedgerEntry entry) {
        LedgerProver prover = new LedgerProver(2);
        chain.forEach(prover::accept);
        return ProofJson.write(prover.prove(LEDGER, entry, 0, checkpoint, 0));
    }

    private static List<byte[]> path(String document) {
        List<byte[]> path = new ArrayList<>();
        ProofTamperTest.tree(document).get("inclusionPath").forEach(h -> path.add(HEX.parseHex(h.asText())));
        return path;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

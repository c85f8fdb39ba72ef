package io.govstream.ledger.proof;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.ledger.checkpoint.SigningKeys;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class InclusionProofTest {
    private final List<LedgerEntry> chain = CheckpointFixtures.chain(1, 11, "proof");
    private final LedgerCheckpoint checkpoint = CheckpointFixtures.signedAt(chain, 10, SIGNER);

    @Test
    void givenEveryEntryUnderACheckpoint_whenProvenAndWrittenAsJson_thenEachProofVerifiesOffline() {
        for (int i = 0; i < 10; i++) {
            String json = ProofJson.write(prove(chain.get(i)));

            InclusionProof read = ProofJson.read(json);

            assertThat(ProofChecker.check(read, SIGNER.verifier())).as("entry " + i).isEmpty();
            assertThat(read.leafIndex()).isEqualTo(i);
            assertThat(json).contains("\"keyId\" : \"" + SIGNER.keyId() + "\"").contains("\"auditPath\"");
        }
    }

    @Test
    void givenAProofWhoseEntryWasAltered_whenChecked_thenItFailsWithAReason() {
        LedgerEntry altered = LedgerEntry.newBuilder(chain.get(4)).setSubjectKey("someone-else").build();
        assertThat(ProofChecker.check(ProofJson.read(ProofJson.write(prove(altered))), SIGNER.verifier()))
                .get().asString().contains("does not match its hash");

        LedgerEntry rehashed = LedgerEntry.newBuilder(altered).build();
        rehashed.setHash(ByteBuffer.wrap(ChainHasher.hash(rehashed)));
        InclusionProof forged = new InclusionProof(LEDGER, rehashed, 4, prove(chain.get(4)).auditPath(), checkpoint, 0);
        assertThat(ProofChecker.check(forged, SIGNER.verifier())).get().asString().contains("not in the ledger as signed");
    }

    @Test
    void givenAProofAgainstACheckpointSignedByAnotherKey_whenChecked_thenTheCheckpointIsRejected() {
        CheckpointSigner other = CheckpointSigner.of(SigningKeys.generate());
        InclusionProof proof = new InclusionProof(LEDGER, chain.get(2), 2, prove(chain.get(2)).auditPath(),
                CheckpointFixtures.signedAt(chain, 10, other), 0);

        assertThat(ProofChecker.check(proof, SIGNER.verifier())).get().asString().startsWith("checkpoint signed with key");
    }

    @Test
    void givenAnEntryNotYetCheckpointed_whenChecked_thenItIsNotCovered() {
        InclusionProof proof = new InclusionProof(LEDGER, chain.get(10), 10, List.of(), checkpoint, 0);

        assertThat(ProofChecker.check(proof, SIGNER.verifier())).get().asString().contains("not covered");
    }

    @Test
    void givenAProofDocumentWhoseReadableFieldsLie_whenRead_thenRefused() {
        String json = ProofJson.write(prove(chain.get(3)));
        String lying = json.replace("\"correlationId\" : \"proof-1-3\"", "\"correlationId\" : \"proof-1-9\"");

        assertThat(lying).isNotEqualTo(json);
        assertThatThrownBy(() -> ProofJson.read(lying)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry.correlationId");
    }

    private InclusionProof prove(LedgerEntry entry) {
        LedgerProver prover = new LedgerProver(1);
        chain.forEach(prover::accept);
        return prover.prove(LEDGER, entry, entry.getSequence(), checkpoint, 0);
    }
}

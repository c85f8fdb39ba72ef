package io.govstream.ledger.proof;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.checkpoint.CheckpointSigner;
import io.govstream.secrets.SigningKeyFiles;
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

            ProofChecker.Outcome read = ProofChecker.verify(json, SIGNER.verifier(), null);

            assertThat(read.problem()).as("entry " + i).isNull();
            assertThat(read.proof().leafIndex()).isEqualTo(i);
            assertThat(read.proof().entry()).isEqualTo(chain.get(i));
            assertThat(json).contains("\"format\" : \"" + InclusionProof.FORMAT + "\"").contains("\"inclusionPath\"")
                    .contains("\"checkpoint\" : \"govstream/governance.ledger/1\\n10\\n");
        }
    }

    @Test
    void givenAProofWhoseEntryWasAltered_whenChecked_thenItFailsWithAReason() {
        LedgerEntry altered = LedgerEntry.newBuilder(chain.get(4)).setSubjectKey("someone-else").build();
        assertThat(ProofChecker.check(prove(altered), SIGNER.verifier())).get().asString().contains("not in the ledger as signed");

        LedgerEntry rehashed = LedgerEntry.newBuilder(altered).build();
        rehashed.setHash(ByteBuffer.wrap(ChainHasher.hash(rehashed)));
        InclusionProof forged = new InclusionProof(LEDGER, rehashed, 4, prove(chain.get(4)).auditPath(), checkpoint, 0);
        assertThat(ProofChecker.check(forged, SIGNER.verifier())).get().asString().contains("not in the ledger as signed");
    }

    @Test
    void givenAProofAgainstACheckpointSignedByAnotherKey_whenChecked_thenTheCheckpointIsRejected() {
        CheckpointSigner other = CheckpointSigner.of(SigningKeyFiles.generate());
        InclusionProof proof = new InclusionProof(LEDGER, chain.get(2), 2, prove(chain.get(2)).auditPath(),
                CheckpointFixtures.signedAt(chain, 10, other), 0);

        assertThat(ProofChecker.check(proof, SIGNER.verifier())).get().asString()
                .startsWith("the checkpoint note is not validly signed by the ledger's key");
    }

    @Test
    void givenAnEntryNotYetCheckpointed_whenChecked_thenItIsNotCovered() {
        InclusionProof proof = new InclusionProof(LEDGER, chain.get(10), 10, List.of(), checkpoint, 0);

        assertThat(ProofChecker.check(proof, SIGNER.verifier())).get().asString().contains("not covered");
    }

    @Test
    void givenACheckpointWithoutANote_whenProven_thenTheProofSaysToUseALaterCheckpoint() {
        LedgerCheckpoint old = LedgerCheckpoint.newBuilder(checkpoint).setNote(null).build();
        InclusionProof proof = new InclusionProof(LEDGER, chain.get(3), 3, prove(chain.get(3)).auditPath(), old, 0);

        assertThat(ProofChecker.check(proof, SIGNER.verifier())).get().asString().contains("carries no signed note")
                .contains("later checkpoint");
    }

    private InclusionProof prove(LedgerEntry entry) {
        LedgerProver prover = new LedgerProver(1);
        chain.forEach(prover::accept);
        return prover.prove(LEDGER, entry, entry.getSequence(), checkpoint, 0);
    }
}

package io.govstream.ledger.proof;

import static io.govstream.ledger.checkpoint.CheckpointFixtures.LEDGER;
import static io.govstream.ledger.checkpoint.CheckpointFixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.checkpoint.CheckpointFixtures;
import io.govstream.ledger.merkle.MerkleHash;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proof documents of the first format, as earlier versions wrote them (evidence packs hold them): they
 * still verify, and their readable fields are held to the verified bytes like the current format's.
 */
class ProofV1Test {
    private final List<LedgerEntry> chain = CheckpointFixtures.chain(0, 8, "v1");
    private final LedgerCheckpoint checkpoint = v1Checkpoint();
    private final String proof = writeV1(chain.get(3));

    @Test
    void givenAV1Proof_whenChecked_thenItHoldsWithTheFactsOfItsSignedFields() {
        ProofChecker.Outcome outcome = ProofChecker.verify(proof, SIGNER.verifier(), null);

        assertThat(outcome.problem()).isNull();
        assertThat(outcome.proof().format()).isEqualTo(InclusionProof.FORMAT_V1);
        assertThat(outcome.proof().entry()).isEqualTo(chain.get(3));
        assertThat(outcome.proof().signedBy()).isEqualTo(CheckpointFixtures.signedAt(chain, 8, SIGNER).getKeyId());
        assertThat(outcome.proof().issuedAt()).isEqualTo(checkpoint.getIssuedAt());
    }

    @Test
    void givenAV1ProofWhoseTenantOrLeafHashWasChanged_whenChecked_thenRejectedNamingTheField() {
        assertThat(ProofChecker.verify(ProofTamperTest.edit(proof, "entry.tenant", TextNode.valueOf("globex")), SIGNER.verifier(), null)
                .problem()).isEqualTo("entry.tenant says \"globex\" but the verified bytes hold \"acme\"");
        String leafHash = ProofTamperTest.field(proof, "leafHash");
        assertThat(ProofChecker.verify(ProofTamperTest.edit(proof, "leafHash", TextNode.valueOf(ProofTamperTest.flipFirstHexDigit(leafHash))),
                SIGNER.verifier(), null).problem()).startsWith("leafHash says ");
        assertThat(ProofChecker.verify(ProofTamperTest.edit(proof, "keyId", TextNode.valueOf("00000000")), SIGNER.verifier(), null)
                .problem()).startsWith("keyId says ");
    }

    @Test
    void givenAV1ProofWhoseOffsetsChanged_whenChecked_thenItStillHoldsBecauseNothingShowsThem() {
        String moved = ProofTamperTest.edit(ProofTamperTest.edit(proof, "entry.offset", LongNode.valueOf(999)), "checkpoint.offset", LongNode.valueOf(999));

        assertThat(ProofChecker.verify(moved, SIGNER.verifier(), null).problem()).isNull();
    }

    /** A checkpoint as signed before notes existed. */
    private LedgerCheckpoint v1Checkpoint() {
        LedgerCheckpoint cp = CheckpointFixtures.signedAt(chain, 8, SIGNER);
        cp.setNote(null);
        return cp;
    }

    /** The first format, field for field as the earlier ProofJson.write produced it. */
    private String writeV1(LedgerEntry entry) {
        LedgerProver prover = new LedgerProver(0);
        chain.forEach(prover::accept);
        InclusionProof p = prover.prove(LEDGER, entry, 3, checkpoint, 0);
        HexFormat hex = HexFormat.of();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", InclusionProof.FORMAT_V1);
        root.put("ledgerTopic", p.ledgerTopic());
        ObjectNode e = root.putObject("entry");
        e.put("partition", entry.getPartition());
        e.put("sequence", entry.getSequence());
        e.put("offset", p.entryOffset());
        e.put("correlationId", entry.getEnvelope().getCorrelationId());
        e.put("tenant", entry.getEnvelope().getTenant());
        e.put("kind", entry.getKind().name());
        e.put("subjectKey", entry.getSubjectKey());
        e.put("payloadType", entry.getPayloadType());
        e.put("appendedAt", entry.getEnvelope().getOccurredAt().toString());
        e.put("hash", hex.formatHex(Bytes.of(entry.getHash())));
        e.put("avro", Base64.getEncoder().encodeToString(LedgerFact.avroBinary(entry)));
        root.put("leafIndex", p.leafIndex());
        root.put("leafHash", hex.formatHex(MerkleHash.leaf(Bytes.of(entry.getHash()))));
        root.put("treeSize", p.treeSize());
        ArrayNode path = root.putArray("auditPath");
        p.auditPath().forEach(h -> path.add(hex.formatHex(h)));
        ObjectNode c = ProofJson.checkpoint(checkpoint, p.checkpointOffset());
        root.set("checkpoint", c);
        root.put("keyId", checkpoint.getKeyId());
        return root.toString();
    }
}

package io.govstream.ledger.proof;

import io.govstream.events.CheckpointScope;
import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.ChainHasher;
import io.govstream.ledger.checkpoint.CheckpointVerifier;
import io.govstream.ledger.merkle.MerkleHash;
import io.govstream.ledger.merkle.MerkleProofs;
import java.util.Arrays;
import java.util.Optional;

/** Checks an {@link InclusionProof} offline: no cluster, only the signer's public key. Pure. */
public final class ProofChecker {

    private ProofChecker() {
    }

    /** Empty if the proof holds, else the first reason it does not. */
    public static Optional<String> check(InclusionProof proof, CheckpointVerifier keys) {
        LedgerEntry entry = proof.entry();
        LedgerCheckpoint cp = proof.checkpoint();
        byte[] hash = Bytes.of(entry.getHash());
        if (!Arrays.equals(ChainHasher.hash(entry), hash)) {
            return Optional.of("the entry's content does not match its hash: the entry was altered");
        }
        if (!Arrays.equals(ChainHasher.sha256(Bytes.of(entry.getPayload())), Bytes.of(entry.getPayloadHash()))) {
            return Optional.of("the entry's payload does not match its payloadHash: the payload was altered");
        }
        Optional<String> signature = keys.check(cp);
        if (signature.isPresent()) {
            return Optional.of("checkpoint " + signature.get());
        }
        if (cp.getScope() != CheckpointScope.PARTITION || cp.getPartition() != entry.getPartition()) {
            return Optional.of("the checkpoint is for partition " + cp.getPartition() + ", the entry in partition " + entry.getPartition());
        }
        if (!cp.getLedgerTopic().equals(proof.ledgerTopic())) {
            return Optional.of("the checkpoint is for ledger " + cp.getLedgerTopic() + ", the proof claims " + proof.ledgerTopic());
        }
        if (entry.getSequence() >= cp.getTreeSize()) {
            return Optional.of("entry " + entry.getSequence() + " is not covered by a checkpoint of size " + cp.getTreeSize());
        }
        if (!MerkleProofs.verifyInclusion(entry.getSequence(), cp.getTreeSize(), MerkleHash.leaf(hash), proof.auditPath(),
                Bytes.of(cp.getRootHash()))) {
            return Optional.of("the audit path does not lead from entry " + entry.getSequence() + " to the signed root of size "
                    + cp.getTreeSize() + ": the entry is not in the ledger as signed");
        }
        return Optional.empty();
    }
}

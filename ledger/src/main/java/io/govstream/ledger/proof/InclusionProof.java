package io.govstream.ledger.proof;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import java.util.List;
import java.util.Objects;

/**
 * That one ledger entry is in a partition's Merkle tree as a signed checkpoint states it: the
 * entry itself, its leaf index (= sequence), the RFC 9162 audit path and the checkpoint with
 * its signature. Checkable offline with the public key alone ({@link ProofChecker}).
 *
 * @param entryOffset      where the entry was read (informative, not proven)
 * @param checkpointOffset where the checkpoint was read in the checkpoints topic (informative)
 */
public record InclusionProof(String ledgerTopic, LedgerEntry entry, long entryOffset, List<byte[]> auditPath,
                             LedgerCheckpoint checkpoint, long checkpointOffset) {
    public static final String FORMAT = "govstream-inclusion-proof-v1";

    public InclusionProof {
        Objects.requireNonNull(ledgerTopic, "ledgerTopic");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(checkpoint, "checkpoint");
        auditPath = List.copyOf(auditPath);
    }

    public int partition() {
        return entry.getPartition();
    }

    public long leafIndex() {
        return entry.getSequence();
    }

    public long treeSize() {
        return checkpoint.getTreeSize();
    }
}

package io.govstream.ledger.proof;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import java.util.List;
import java.util.Objects;

/**
 * That one ledger entry is in a partition's Merkle tree as a signed checkpoint states it: the
 * entry itself, its leaf index (= sequence), the RFC 9162 inclusion path and the checkpoint, whose
 * signed note the proof document carries ({@link ProofJson}). Checkable offline with the ledger's
 * public key or verifier key alone ({@link ProofChecker}).
 *
 * @param entryOffset      where the entry was read; no hash or signature binds it, so the document
 *                         keeps it under {@code hints} and check-proof never shows it
 * @param checkpointOffset where the checkpoint was read in the checkpoints topic (a hint likewise)
 */
public record InclusionProof(String ledgerTopic, LedgerEntry entry, long entryOffset, List<byte[]> auditPath,
                             LedgerCheckpoint checkpoint, long checkpointOffset) {
    /** The first format: readable fields, the entry as Avro binary, the checkpoint's Tink-signed fields. Read, no longer written. */
    public static final String FORMAT_V1 = "govstream-inclusion-proof-v1";
    /** The current format: the hashed bytes, the RFC 6962 path and the C2SP signed note (docs/ledger.md). */
    public static final String FORMAT = "govstream-inclusion-proof-v2";

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

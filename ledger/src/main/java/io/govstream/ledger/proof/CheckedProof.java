package io.govstream.ledger.proof;

import io.govstream.events.LedgerEntry;
import io.govstream.ledger.checkpoint.NoteVerifierKey;
import java.time.Instant;
import java.util.List;

/**
 * What a proof document proves, every value derived from verified bytes: the entry (decoded from
 * the hashed bytes), its leaf index and the signed tree it is in.
 *
 * @param signedBy   the key that signed the checkpoint: a note key id {@code name+hash} (v2) or a Tink key id (v1)
 * @param issuedAt   when the checkpoint was signed (v1 signs it; a v2 note does not state it: null)
 * @param origin     the checkpoint's origin (v2; null for v1)
 * @param cosignedBy trusted witnesses whose cosignature verified (empty without a witness policy, and for v1)
 */
public record CheckedProof(String format, String ledgerTopic, LedgerEntry entry, long leafIndex, long treeSize, byte[] rootHash,
                           String signedBy, Instant issuedAt, String origin, List<NoteVerifierKey> cosignedBy) {
    public CheckedProof {
        rootHash = rootHash.clone();
        cosignedBy = List.copyOf(cosignedBy);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public int partition() {
        return entry.getPartition();
    }
}

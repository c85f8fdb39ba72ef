package io.govstream.ledger.proof;

import io.govstream.events.LedgerCheckpoint;
import io.govstream.events.LedgerEntry;
import io.govstream.ledger.merkle.MerkleHash;
import io.govstream.ledger.merkle.MerkleProofs;
import io.govstream.ledger.merkle.SubtreeHashes;
import io.govstream.ledger.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the leaf hashes of one partition in sequence order and builds inclusion proofs against
 * a checkpoint of that partition. Feed it the partition's entries from the first one; it needs
 * 32 bytes per entry up to the checkpoint's size.
 */
public final class LedgerProver {
    private final int partition;
    private final List<byte[]> leaves = new ArrayList<>();

    public LedgerProver(int partition) {
        this.partition = partition;
    }

    /** Accepts the partition's entries in order; entries out of sequence are ignored (verify names them). */
    public void accept(LedgerEntry entry) {
        if (entry.getPartition() == partition && entry.getSequence() == leaves.size()) {
            leaves.add(MerkleHash.leaf(Bytes.of(entry.getHash())));
        }
    }

    public long size() {
        return leaves.size();
    }

    public InclusionProof prove(String ledgerTopic, LedgerEntry entry, long entryOffset, LedgerCheckpoint checkpoint, long checkpointOffset) {
        if (checkpoint.getTreeSize() > leaves.size()) {
            throw new IllegalStateException("checkpoint of size " + checkpoint.getTreeSize() + " but only " + leaves.size()
                    + " entries of partition " + partition + " were read");
        }
        List<byte[]> path = MerkleProofs.inclusionProof(entry.getSequence(), checkpoint.getTreeSize(), SubtreeHashes.ofLeafHashes(leaves));
        return new InclusionProof(ledgerTopic, entry, entryOffset, path, checkpoint, checkpointOffset);
    }
}

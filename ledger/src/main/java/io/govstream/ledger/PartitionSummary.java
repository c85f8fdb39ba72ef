package io.govstream.ledger;

import io.govstream.ledger.merkle.MerkleFrontier;
import java.util.HexFormat;

/**
 * What verification saw in one partition.
 *
 * @param entriesChecked records read from the partition
 * @param fromSequence   the sequence verification started at (0, or a trusted checkpoint's size)
 * @param head           the chain head after the last entry that extended the chain
 * @param frontier       the Merkle frontier over the chain, or null if a gap made it impossible to rebuild
 */
public record PartitionSummary(int partition, long entriesChecked, long fromSequence, ChainHead head, MerkleFrontier frontier) {

    /** The Merkle root of the partition's tree, or null if it could not be rebuilt. */
    public String merkleRootHex() {
        return frontier == null ? null : HexFormat.of().formatHex(frontier.root());
    }
}

package io.govstream.ledger.merkle;

import java.util.List;

/**
 * Answers MTH(D[start:end]), the Merkle tree hash of a range of leaves. Proof generation asks
 * only for the subtrees a proof contains, so an implementation may hold just what it needs:
 * every leaf ({@link #ofLeafHashes}), or an old frontier plus the leaves appended since it
 * ({@link #ofFrontierAndLeaves}, enough for a consistency proof between two checkpoints).
 */
@FunctionalInterface
public interface SubtreeHashes {

    byte[] hash(long start, long end);

    /** Every leaf hash of the tree, index = leaf index. */
    static SubtreeHashes ofLeafHashes(List<byte[]> leafHashes) {
        return (start, end) -> MerkleProofs.treeHash(leafHashes, (int) start, (int) end);
    }

    /**
     * The frontier of the first {@code old.size()} leaves and the leaf hashes appended since,
     * {@code newer.get(i)} being leaf {@code old.size() + i}.
     */
    static SubtreeHashes ofFrontierAndLeaves(MerkleFrontier old, List<byte[]> newer) {
        long m = old.size();
        return (start, end) -> {
            if (start >= m) {
                return MerkleProofs.treeHash(newer, (int) (start - m), (int) (end - m));
            }
            byte[] subtree = end <= m ? old.subtree(start, end) : null;
            if (subtree == null) {
                throw new IllegalArgumentException("subtree [" + start + ", " + end + ") is not known from a frontier of size " + m);
            }
            return subtree;
        };
    }
}

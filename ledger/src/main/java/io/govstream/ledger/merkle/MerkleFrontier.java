package io.govstream.ledger.merkle;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The compact state of an append-only Merkle tree: its size and the roots of the perfect
 * subtrees its leaves decompose into, one per set bit of the size, largest (leftmost) first.
 * Appending a leaf merges equal-sized subtrees like a binary counter carries: O(log n) hashes
 * and O(log n) space, and the RFC 9162 tree head follows by folding the roots right to left.
 *
 * <p>Immutable: {@link #append} returns the next frontier.
 */
public final class MerkleFrontier {
    private static final MerkleFrontier EMPTY = new MerkleFrontier(0, new byte[0][]);

    private final long size;
    private final byte[][] roots; // never written to after construction

    private MerkleFrontier(long size, byte[][] roots) {
        this.size = size;
        this.roots = roots;
    }

    public static MerkleFrontier empty() {
        return EMPTY;
    }

    /**
     * A frontier from its parts, as stored or carried in a checkpoint.
     *
     * @throws IllegalArgumentException if the number of roots is not the number of set bits of size
     */
    public static MerkleFrontier of(long size, List<byte[]> roots) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (roots.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of size " + size + " has " + Long.bitCount(size)
                    + " perfect subtrees, not " + roots.size());
        }
        byte[][] copy = new byte[roots.size()][];
        for (int i = 0; i < copy.length; i++) {
            byte[] root = roots.get(i);
            if (root == null || root.length != MerkleHash.LENGTH) {
                throw new IllegalArgumentException("every subtree root must be " + MerkleHash.LENGTH + " bytes");
            }
            copy[i] = root.clone();
        }
        return new MerkleFrontier(size, copy);
    }

    /** The frontier once a leaf with this (already leaf-hashed) value is appended. */
    public MerkleFrontier appendLeafHash(byte[] leafHash) {
        return appendOwned(leafHash.clone());
    }

    /** The frontier once a ledger entry with this chain hash is appended. */
    public MerkleFrontier append(byte[] entryHash) {
        return appendOwned(MerkleHash.leaf(entryHash));
    }

    private MerkleFrontier appendOwned(byte[] leafHash) {
        // Each trailing 1-bit of size is a subtree of the same size as the carry: merge them.
        int merges = Long.numberOfTrailingZeros(~size);
        int kept = roots.length - merges;
        byte[][] next = new byte[kept + 1][];
        System.arraycopy(roots, 0, next, 0, kept);
        byte[] carry = leafHash;
        for (int i = roots.length - 1; i >= kept; i--) {
            carry = MerkleHash.node(roots[i], carry);
        }
        next[kept] = carry;
        return new MerkleFrontier(size + 1, next);
    }

    /** The RFC 9162 Merkle tree head of the leaves so far. */
    public byte[] root() {
        if (roots.length == 0) {
            return MerkleHash.emptyRoot();
        }
        byte[] root = roots[roots.length - 1];
        for (int i = roots.length - 2; i >= 0; i--) {
            root = MerkleHash.node(roots[i], root);
        }
        return root.clone();
    }

    public long size() {
        return size;
    }

    /** Copies of the subtree roots, largest first. */
    public List<byte[]> roots() {
        return Arrays.stream(roots).map(byte[]::clone).toList();
    }

    /**
     * The hash of the perfect subtree [start, end) if it is one of this frontier's subtrees,
     * else null. Consistency proofs only ever ask an old frontier for such subtrees.
     */
    byte[] subtree(long start, long end) {
        long offset = 0;
        int index = 0;
        for (int bit = 63; bit >= 0; bit--) {
            long width = 1L << bit;
            if ((size & width) == 0) {
                continue;
            }
            if (offset == start && offset + width == end) {
                return roots[index].clone();
            }
            offset += width;
            index++;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MerkleFrontier f && f.size == size && Arrays.deepEquals(roots, f.roots);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + (roots.length == 0 ? 0 : Arrays.hashCode(roots[roots.length - 1]));
    }

    @Override
    public String toString() {
        return "MerkleFrontier[size=" + size + ", root=" + HexFormat.of().formatHex(root()) + "]";
    }
}

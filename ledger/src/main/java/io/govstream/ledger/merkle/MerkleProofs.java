package io.govstream.ledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inclusion (audit path) and consistency proofs of RFC 6962 §2.1.1 / §2.1.2, and their
 * verification as specified in RFC 9162 §2.1.3.2 / §2.1.4.2. Pure functions.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** MTH(D[start:end]) over leaf hashes by the recursive definition; O(end - start). */
    public static byte[] treeHash(List<byte[]> leafHashes, int start, int end) {
        if (start < 0 || end > leafHashes.size() || start > end) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") outside " + leafHashes.size() + " leaves");
        }
        if (start == end) {
            return MerkleHash.emptyRoot();
        }
        if (end - start == 1) {
            return leafHashes.get(start).clone();
        }
        int k = (int) largestPowerOfTwoBelow(end - start);
        return MerkleHash.node(treeHash(leafHashes, start, start + k), treeHash(leafHashes, start + k, end));
    }

    /** PATH(index, D[size]): the audit path of leaf {@code index} in the tree of the first {@code size} leaves. */
    public static List<byte[]> inclusionProof(long index, long size, SubtreeHashes tree) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, tree, path);
        return path;
    }

    private static void path(long m, long start, long end, SubtreeHashes tree, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, start + k, tree, out);
            out.add(tree.hash(start + k, end));
        } else {
            path(m - k, start + k, end, tree, out);
            out.add(tree.hash(start, start + k));
        }
    }

    /** PROOF(m, D[n]): proves that the tree of the first {@code m} leaves is a prefix of the tree of {@code n}. */
    public static List<byte[]> consistencyProof(long m, long n, SubtreeHashes tree) {
        if (m < 0 || m > n) {
            throw new IllegalArgumentException("no consistency proof from size " + m + " to size " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (m == 0 || m == n) {
            return proof; // every tree extends the empty tree; a tree is consistent with itself
        }
        subproof(m, 0, n, true, tree, proof);
        return proof;
    }

    private static void subproof(long m, long start, long end, boolean complete, SubtreeHashes tree, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!complete) {
                out.add(tree.hash(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, start + k, complete, tree, out);
            out.add(tree.hash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, tree, out);
            out.add(tree.hash(start, start + k));
        }
    }

    /** RFC 9162 §2.1.3.2: does {@code path} prove leaf {@code index} with hash {@code leafHash} in the tree with {@code root}? */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size || leafHash == null || root == null || leafHash.length != MerkleHash.LENGTH
                || root.length != MerkleHash.LENGTH) {
            return false;
        }
        byte[][] roots = walk(index, size - 1, leafHash, path);
        return roots != null && Arrays.equals(roots[1], root);
    }

    /** RFC 9162 §2.1.4.2: does {@code proof} show the tree ({@code m}, {@code rootM}) is a prefix of ({@code n}, {@code rootN})? */
    public static boolean verifyConsistency(long m, long n, byte[] rootM, byte[] rootN, List<byte[]> proof) {
        if (m < 0 || m > n || rootM == null || rootN == null) {
            return false;
        }
        if (m == n) {
            return proof.isEmpty() && Arrays.equals(rootM, rootN); // also for two empty trees, as the reference verifier
        }
        if (m == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        boolean oldRootLeftOut = Long.bitCount(m) == 1; // the old tree is a perfect subtree: the walk starts at its root
        byte[] start = oldRootLeftOut ? rootM : proof.get(0);
        long fn = m - 1;
        long sn = n - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[][] roots = start == null || start.length != MerkleHash.LENGTH ? null
                : walk(fn, sn, start, oldRootLeftOut ? proof : proof.subList(1, proof.size()));
        return roots != null && Arrays.equals(roots[0], rootM) && Arrays.equals(roots[1], rootN);
    }

    /**
     * The walk both verifications make (RFC 9162 §2.1.3.2, §2.1.4.2) from node {@code fn} of a tree whose last node is
     * {@code sn}, hashing {@code start} with each hash of {@code path} in turn: {the hash over {@code start} and the
     * siblings to its left only, the hash over all}; null if a hash is malformed or the path does not end at the root.
     */
    private static byte[][] walk(long fn, long sn, byte[] start, List<byte[]> path) {
        byte[] fr = start;
        byte[] sr = start;
        for (byte[] c : path) {
            if (sn == 0 || c == null || c.length != MerkleHash.LENGTH) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.node(c, fr);
                sr = MerkleHash.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? new byte[][] {fr, sr} : null;
    }

    /** The largest power of two strictly less than {@code n} (n >= 2): the RFC's split point k. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}

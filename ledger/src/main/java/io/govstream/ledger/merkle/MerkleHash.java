package io.govstream.ledger.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of an RFC 6962 / RFC 9162 Merkle tree with SHA-256: a leaf is
 * {@code SHA-256(0x00 || data)}, an interior node {@code SHA-256(0x01 || left || right)}, the
 * empty tree {@code SHA-256()}. The prefixes keep a leaf from ever passing for a node (second
 * preimage attacks). In the ledger the leaf data is an entry's 32-byte chain hash.
 */
public final class MerkleHash {
    public static final int LENGTH = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleHash() {
    }

    public static byte[] leaf(byte[] data) {
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        sha.update(data);
        return sha.digest();
    }

    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** MTH({}) = SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** The calling thread's digest, reset (digest() resets it after each use). */
    static MessageDigest sha256() {
        MessageDigest sha = SHA256.get();
        sha.reset();
        return sha;
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHash::newSha256);

    /** A new SHA-256 digest, for the tree's hashes and the ledger's ({@code ChainHasher}). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

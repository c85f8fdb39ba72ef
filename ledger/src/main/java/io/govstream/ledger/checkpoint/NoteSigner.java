package io.govstream.ledger.checkpoint;

import com.google.crypto.tink.subtle.Ed25519Sign;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An Ed25519 key that signs C2SP notes under a key name: plain note signatures (type 0x01, the
 * ledger's checkpoints) and tlog-cosignature v1 cosignatures (type 0x04, witnesses). The private key
 * text form is the reference's ({@code golang.org/x/mod/sumdb/note}):
 * {@code PRIVATE+KEY+<name>+<hash hex>+<base64(0x01 || 32-byte seed)>}, hash computed over the 0x01
 * public key, so a witness key file also works with the Go tools (which derive the cosignature key the
 * same way). Signatures are raw Ed25519 (RFC 8032), deterministic.
 */
public final class NoteSigner {
    private final String name;
    private final byte[] seed;
    private final byte[] publicKey;
    private final Ed25519Sign sign;

    private NoteSigner(String name, byte[] seed) {
        if (!SignedNote.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name '" + name + "': it must be non-empty, without spaces or '+'");
        }
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key (seed) has 32 bytes, not " + seed.length);
        }
        this.name = name;
        this.seed = seed.clone();
        try {
            this.publicKey = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
            this.sign = new Ed25519Sign(seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** A signer from a raw 32-byte Ed25519 private key (seed). */
    public static NoteSigner of(String name, byte[] seed) {
        return new NoteSigner(Objects.requireNonNull(name, "name"), Objects.requireNonNull(seed, "seed"));
    }

    /** A new random key. */
    public static NoteSigner generate(String name) {
        try {
            return new NoteSigner(name, Ed25519Sign.KeyPair.newKeyPair().getPrivateKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key", e);
        }
    }

    /**
     * Parses {@code PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>}.
     *
     * @throws IllegalArgumentException if malformed or its hash does not match (never quoting the key)
     */
    public static NoteSigner parse(String skey) {
        String[] p1 = SignedNote.chop(skey, '+');
        String[] p2 = SignedNote.chop(p1[1], '+');
        String[] p3 = SignedNote.chop(p2[1], '+');
        String[] p4 = SignedNote.chop(p3[1], '+');
        byte[] key = SignedNote.strictBase64(p4[1]);
        if (!"PRIVATE".equals(p1[0]) || !"KEY".equals(p2[0]) || !SignedNote.isValidName(p3[0]) || !NoteVerifierKey.HASH_HEX.matcher(p4[0]).matches()
                || key == null || key.length == 0) {
            throw new IllegalArgumentException("malformed signer key: expected PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>");
        }
        if (key[0] != NoteVerifierKey.ED25519) {
            throw new IllegalArgumentException("signer key of unknown type " + key[0] + " (expected 1, Ed25519)");
        }
        if (key.length != 33) {
            throw new IllegalArgumentException("malformed signer key: an Ed25519 seed has 32 bytes, not " + (key.length - 1));
        }
        NoteSigner signer = new NoteSigner(p3[0], Arrays.copyOfRange(key, 1, key.length));
        if (Integer.parseUnsignedInt(p4[0], 16) != signer.verifierKey().keyHash()) {
            throw new IllegalArgumentException("signer key: its key hash does not match its name and key");
        }
        return signer;
    }

    /** The private key text ({@code PRIVATE+KEY+…}): keep it secret. */
    public String privateKeyText() {
        byte[] encoded = ByteBuffer.allocate(1 + seed.length).put(NoteVerifierKey.ED25519).put(seed).array();
        return "PRIVATE+KEY+" + verifierKey().id() + "+" + Base64.getEncoder().encodeToString(encoded);
    }

    /** The verifier of this key's plain note signatures (type 0x01). */
    public NoteVerifierKey verifierKey() {
        return new NoteVerifierKey(name, NoteVerifierKey.ED25519, publicKey);
    }

    /** The verifier of this key's cosignatures (type 0x04): what a witness publishes. */
    public NoteVerifierKey cosignatureKey() {
        return new NoteVerifierKey(name, NoteVerifierKey.COSIGNATURE_V1, publicKey);
    }

    /** A plain Ed25519 note signature of {@code text}. */
    public SignedNote.Signature sign(String text) {
        return new SignedNote.Signature(name, verifierKey().keyHash(), raw(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A tlog-cosignature v1 of {@code text} (a checkpoint's note text) made at {@code timestamp} (POSIX seconds). */
    public SignedNote.Signature cosign(String text, long timestamp) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("a cosignature time is a POSIX timestamp, not " + timestamp);
        }
        byte[] sig = raw(NoteVerifierKey.cosignatureMessage(text, timestamp));
        return new SignedNote.Signature(name, cosignatureKey().keyHash(),
                ByteBuffer.allocate(8 + sig.length).putLong(timestamp).put(sig).array());
    }

    private byte[] raw(byte[] message) {
        try {
            return sign.sign(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifierKey().id() + "]"; // never the key
    }
}

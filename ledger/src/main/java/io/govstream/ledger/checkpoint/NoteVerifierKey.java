package io.govstream.ledger.checkpoint;

import com.google.crypto.tink.subtle.Ed25519Verify;
import io.govstream.ledger.ChainHasher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A public key that verifies C2SP signed-note signatures (https://c2sp.org/signed-note), in the
 * standard verifier-key ("vkey") text form {@code <name>+<key hash, 8 hex digits>+<base64(type || public key)>}.
 * Two types are supported:
 * <ul>
 *   <li>{@link #ED25519} (0x01): an Ed25519 signature over the note text (the ledger's checkpoint notes);</li>
 *   <li>{@link #COSIGNATURE_V1} (0x04): a C2SP tlog-cosignature v1, {@code timestamp (u64, big-endian) || Ed25519 signature}
 *       over {@code "cosignature/v1\ntime <timestamp>\n" || note text} (witnesses).</li>
 * </ul>
 * The key hash is the first 4 bytes of {@code SHA-256(name || 0x0A || type || 32-byte public key)}.
 * Hand-written: no library on Maven Central implements signed notes (the reference is the Go package
 * {@code golang.org/x/mod/sumdb/note}, whose published examples the tests check this class against).
 */
public record NoteVerifierKey(String name, byte type, byte[] publicKey) {
    public static final byte ED25519 = 0x01;
    public static final byte COSIGNATURE_V1 = 0x04;
    public static final int PUBLIC_KEY_LENGTH = 32;
    static final Pattern HASH_HEX = Pattern.compile("[0-9a-fA-F]{8}");

    public NoteVerifierKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
        if (!SignedNote.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name '" + name + "': it must be non-empty, without spaces or '+'");
        }
        if (type != ED25519 && type != COSIGNATURE_V1) {
            throw new IllegalArgumentException("unsupported signature type 0x" + HexFormat.of().toHexDigits(type));
        }
        if (publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 32-bit key hash (key ID) signature lines carry. */
    public int keyHash() {
        return keyHash(name, type, publicKey);
    }

    /** First 4 bytes, big-endian, of SHA-256(name || 0x0A || type || public key). */
    public static int keyHash(String name, byte type, byte[] publicKey) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.wrap(ChainHasher.sha256(ByteBuffer.allocate(nameBytes.length + 2 + publicKey.length)
                .put(nameBytes).put((byte) '\n').put(type).put(publicKey).array())).getInt();
    }

    /** {@code name+hash}, as error messages and Go's tools name a key. */
    public String id() {
        return name + "+" + hashHex(keyHash());
    }

    /** The vkey text: {@code <name>+<hash hex>+<base64(type || public key)>}. */
    public String vkey() {
        return id() + "+" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(1 + PUBLIC_KEY_LENGTH).put(type).put(publicKey).array());
    }

    /**
     * Parses a vkey, checking its key hash against its name and key.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static NoteVerifierKey parse(String vkey) {
        Objects.requireNonNull(vkey, "vkey");
        String[] nameRest = SignedNote.chop(vkey, '+');
        String[] hashKey = SignedNote.chop(nameRest[1], '+');
        String name = nameRest[0];
        String hash16 = hashKey[0];
        byte[] key = SignedNote.strictBase64(hashKey[1]);
        if (!SignedNote.isValidName(name) || !HASH_HEX.matcher(hash16).matches() || key == null || key.length == 0) {
            throw new IllegalArgumentException("malformed verifier key '" + vkey + "': expected <name>+<8 hex digits>+<base64 key>");
        }
        int hash = Integer.parseUnsignedInt(hash16, 16);
        if (hash != keyHash(name, key[0], Arrays.copyOfRange(key, 1, key.length))) {
            throw new IllegalArgumentException("verifier key '" + vkey + "': its key hash does not match its name and key");
        }
        if (key[0] != ED25519 && key[0] != COSIGNATURE_V1) {
            throw new IllegalArgumentException("verifier key '" + vkey + "': unknown signature type 0x"
                    + HexFormat.of().toHexDigits(key[0]) + " (supported: 0x01 Ed25519, 0x04 Ed25519 cosignature/v1)");
        }
        if (key.length != 1 + PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("verifier key '" + vkey + "': an Ed25519 key has 32 bytes, not " + (key.length - 1));
        }
        return new NoteVerifierKey(name, key[0], Arrays.copyOfRange(key, 1, key.length));
    }

    /**
     * Whether {@code signature} (the bytes after the key hash of a signature line) is this key's
     * signature of {@code text}, per the key's type.
     */
    public boolean verify(String text, byte[] signature) {
        byte[] message;
        byte[] ed25519;
        if (type == ED25519) {
            message = text.getBytes(StandardCharsets.UTF_8);
            ed25519 = signature;
        } else {
            if (signature.length != 8 + 64) {
                return false;
            }
            long timestamp = ByteBuffer.wrap(signature, 0, 8).getLong();
            if (timestamp < 0) {
                return false; // must not exceed 2^63 - 1
            }
            message = cosignatureMessage(text, timestamp);
            ed25519 = Arrays.copyOfRange(signature, 8, signature.length);
        }
        if (ed25519.length != 64) {
            return false;
        }
        try {
            new Ed25519Verify(publicKey).verify(ed25519, message);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The bytes a C2SP tlog-cosignature v1 signs (https://c2sp.org/tlog-cosignature), a witness's statement that, as of
     * {@code timestamp} (POSIX seconds), the checkpoint is the largest consistent tree head it has observed for the origin:
     * {@code "cosignature/v1\ntime <timestamp>\n"}, then the checkpoint's note text (with its final newline, without signatures).
     */
    static byte[] cosignatureMessage(String noteText, long timestamp) {
        return ("cosignature/v1\ntime " + Long.toUnsignedString(timestamp) + "\n" + noteText).getBytes(StandardCharsets.UTF_8);
    }

    static String hashHex(int hash) {
        return HexFormat.of().toHexDigits(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteVerifierKey other && name.equals(other.name) && type == other.type
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return vkey();
    }
}

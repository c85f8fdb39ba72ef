package io.govstream.ledger;

import io.govstream.events.LedgerEntry;
import io.govstream.ledger.merkle.MerkleHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;

/**
 * The canonical encoding of a ledger entry and its SHA-256 hash.
 *
 * <p>The encoding is ours, not Avro binary: adding an optional field to the Avro record later
 * must not change the hash of entries already written. Version 1, in this order, every field
 * length-prefixed or fixed-width, big-endian:
 * <pre>
 *   str  "govstream-ledger-v1"                     domain tag (also the version)
 *   str  envelope.eventId, correlationId, causationId, tenant
 *   i64  envelope.occurredAt
 *   str  envelope.producer
 *   opt  envelope.traceparent                      u8 0 = absent, u8 1 + str = present
 *   i32  partition
 *   i64  sequence
 *   str  kind (enum symbol)
 *   str  subjectKey, payloadType
 *   bin  payloadHash (32 bytes)
 *   bin  prevHash (32 bytes)
 * </pre>
 * where {@code str} = i32 byte length + UTF-8 and {@code bin} = i32 length + bytes. The payload
 * itself is not hashed, only its SHA-256: a payload may later be erased without breaking the chain.
 *
 * <p>A string is hashed as the UTF-8 bytes it is stored as: for an entry read back with {@code Utf8}
 * strings, the bytes themselves; for a {@code String}, its UTF-8 encoding, which is what Avro stores.
 */
public final class ChainHasher {

    public static final String DOMAIN_TAG_V1 = "govstream-ledger-v1";
    public static final int HASH_LENGTH = 32;
    static final byte[] GENESIS_HASH = new byte[HASH_LENGTH];
    private static final byte[] DOMAIN_TAG_V1_BYTES = DOMAIN_TAG_V1.getBytes(StandardCharsets.UTF_8);

    private ChainHasher() {
    }

    /** The prevHash of the first entry of every chain: 32 zero bytes. */
    public static byte[] genesisHash() {
        return GENESIS_HASH.clone();
    }

    /** SHA-256 of the entry's canonical encoding; the entry's own {@code hash} field is ignored. */
    public static byte[] hash(LedgerEntry entry) {
        return HASHER.get().hash(entry);
    }

    /** The bytes {@link #hash} digests. */
    public static byte[] canonicalEncoding(LedgerEntry entry) {
        Hasher hasher = HASHER.get();
        hasher.encode(entry);
        return Arrays.copyOf(hasher.buffer, hasher.length);
    }

    public static byte[] sha256(byte[] data) {
        return HASHER.get().sha.digest(data);
    }

    /** SHA-256 of a file's content, hex, read as a stream: what backup manifests and evidence packs state per file. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest sha = MerkleHash.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** One hasher per thread: MessageDigest.getInstance costs a provider lookup per call (see docs/benchmarks.md). */
    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    /**
     * Hashes entry after entry with one digest and one encoding buffer, so that hashing allocates
     * nothing but its result; what the verifier runs per record. Not thread-safe: one per thread.
     */
    public static final class Hasher {
        private final MessageDigest sha = MerkleHash.newSha256();
        private byte[] buffer = new byte[512];
        private int length;

        /** SHA-256 of the canonical encoding of a {@link LedgerEntry} or a generic record of its schema ({@code Utf8} strings). */
        public byte[] hash(IndexedRecord entry) {
            encode(entry);
            sha.update(buffer, 0, length);
            return sha.digest();
        }

        /** Whether SHA-256 of {@code data} equals {@code expected}, both read as {@link Bytes#of} reads them; a heap buffer is not copied. */
        public boolean sha256Matches(ByteBuffer data, ByteBuffer expected) {
            if (data == null) {
                throw new IllegalArgumentException("ledger entry has a null bytes field");
            }
            if (data.hasArray()) {
                sha.update(data.array(), data.arrayOffset(), data.limit());
            } else {
                sha.update(Bytes.of(data));
            }
            return Bytes.equals(expected, sha.digest());
        }

        void encode(IndexedRecord entry) {
            length = 0;
            IndexedRecord envelope = EntryFields.envelope(entry);
            putBytes(DOMAIN_TAG_V1_BYTES, 0, DOMAIN_TAG_V1_BYTES.length);
            putString(envelope.get(EntryFields.EVENT_ID));
            putString(envelope.get(EntryFields.CORRELATION_ID));
            putString(envelope.get(EntryFields.CAUSATION_ID));
            putString(envelope.get(EntryFields.TENANT));
            putLong(EntryFields.occurredAtMillis(envelope));
            putString(envelope.get(EntryFields.PRODUCER));
            Object traceparent = envelope.get(EntryFields.TRACEPARENT);
            if (traceparent == null) {
                putByte(0);
            } else {
                putByte(1);
                putString(traceparent);
            }
            putInt(EntryFields.partition(entry));
            putLong(EntryFields.sequence(entry));
            putString(entry.get(EntryFields.KIND).toString());
            putString(entry.get(EntryFields.SUBJECT_KEY));
            putString(entry.get(EntryFields.PAYLOAD_TYPE));
            putBuffer(EntryFields.bytes(entry, EntryFields.PAYLOAD_HASH));
            putBuffer(EntryFields.bytes(entry, EntryFields.PREV_HASH));
        }

        private void putString(Object value) {
            if (value == null) {
                throw new IllegalArgumentException("ledger entry has a null string field");
            }
            if (value instanceof Utf8 utf8) {
                putBytes(utf8.getBytes(), 0, utf8.getByteLength());
                return;
            }
            String string = value.toString();
            int n = string.length();
            ensure(4 + n);
            int at = length + 4;
            for (int i = 0; i < n; i++) {
                char c = string.charAt(i);
                if (c >= 0x80) { // not ASCII: let the JDK encode it
                    byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
                    putBytes(utf8, 0, utf8.length);
                    return;
                }
                buffer[at + i] = (byte) c;
            }
            putInt(n);
            length += n;
        }

        private void putBuffer(ByteBuffer value) {
            if (value == null) {
                throw new IllegalArgumentException("ledger entry has a null bytes field");
            }
            if (value.hasArray()) {
                putBytes(value.array(), value.arrayOffset(), value.limit());
            } else {
                byte[] copy = Bytes.of(value);
                putBytes(copy, 0, copy.length);
            }
        }

        private void putBytes(byte[] value, int offset, int count) {
            ensure(4 + count);
            putInt(count);
            System.arraycopy(value, offset, buffer, length, count);
            length += count;
        }

        private void putInt(int value) {
            ensure(4);
            buffer[length] = (byte) (value >>> 24);
            buffer[length + 1] = (byte) (value >>> 16);
            buffer[length + 2] = (byte) (value >>> 8);
            buffer[length + 3] = (byte) value;
            length += 4;
        }

        private void putLong(long value) {
            putInt((int) (value >>> 32));
            putInt((int) value);
        }

        private void putByte(int value) {
            ensure(1);
            buffer[length++] = (byte) value;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }
}

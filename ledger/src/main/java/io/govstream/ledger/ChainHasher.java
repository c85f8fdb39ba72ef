package io.govstream.ledger;

import io.govstream.events.Envelope;
import io.govstream.events.LedgerEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
 */
public final class ChainHasher {

    public static final String DOMAIN_TAG_V1 = "govstream-ledger-v1";
    public static final int HASH_LENGTH = 32;
    static final byte[] GENESIS_HASH = new byte[HASH_LENGTH];

    private ChainHasher() {
    }

    /** The prevHash of the first entry of every chain: 32 zero bytes. */
    public static byte[] genesisHash() {
        return GENESIS_HASH.clone();
    }

    /** SHA-256 of the entry's canonical encoding; the entry's own {@code hash} field is ignored. */
    public static byte[] hash(LedgerEntry entry) {
        return sha256(canonicalEncoding(entry));
    }

    /** The bytes {@link #hash} digests. */
    public static byte[] canonicalEncoding(LedgerEntry entry) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            Envelope envelope = entry.getEnvelope();
            writeString(out, DOMAIN_TAG_V1);
            writeString(out, envelope.getEventId());
            writeString(out, envelope.getCorrelationId());
            writeString(out, envelope.getCausationId());
            writeString(out, envelope.getTenant());
            out.writeLong(envelope.getOccurredAt().toEpochMilli());
            writeString(out, envelope.getProducer());
            if (envelope.getTraceparent() == null) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                writeString(out, envelope.getTraceparent());
            }
            out.writeInt(entry.getPartition());
            out.writeLong(entry.getSequence());
            writeString(out, entry.getKind().name());
            writeString(out, entry.getSubjectKey());
            writeString(out, entry.getPayloadType());
            writeBytes(out, Bytes.of(entry.getPayloadHash()));
            writeBytes(out, Bytes.of(entry.getPrevHash()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return buffer.toByteArray();
    }

    public static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    /** One digest per thread: MessageDigest.getInstance costs a provider lookup per call (see docs/benchmarks.md). */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("ledger entry has a null string field");
        }
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("ledger entry has a null bytes field");
        }
        out.writeInt(value.length);
        out.write(value);
    }
}

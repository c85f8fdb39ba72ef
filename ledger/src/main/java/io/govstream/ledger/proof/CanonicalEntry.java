package io.govstream.ledger.proof;

import io.govstream.events.Envelope;
import io.govstream.events.LedgerEntry;
import io.govstream.events.LedgerEntryKind;
import io.govstream.ledger.ChainHasher;
import io.govstream.schemas.Envelopes;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads a ledger entry back from the bytes {@link ChainHasher} hashes (its canonical encoding,
 * version 1, documented there and in docs/ledger.md), so that a proof can carry exactly the bytes
 * whose SHA-256 is the entry hash and every field a reader is shown is derived from them. Strict:
 * the bytes must be the encoding of the entry they decode to, byte for byte (re-encoded and compared),
 * with no trailing bytes. The payload is not part of the encoding (only its SHA-256, payloadHash);
 * it is set from {@code payload}, which the caller checks against payloadHash.
 */
public final class CanonicalEntry {
    private CanonicalEntry() {
    }

    /**
     * @param canonical the bytes whose SHA-256 is the entry's hash
     * @param payload   the entry's payload (Avro binary of the recorded event)
     * @return the entry, with {@code hash} = SHA-256(canonical)
     * @throws IllegalArgumentException saying what is wrong with the bytes
     */
    public static LedgerEntry decode(byte[] canonical, byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(canonical);
        LedgerEntry entry;
        try {
            String tag = string(in);
            if (!ChainHasher.DOMAIN_TAG_V1.equals(tag)) {
                throw new IllegalArgumentException("it starts with '" + tag + "', not the domain tag " + ChainHasher.DOMAIN_TAG_V1);
            }
            String eventId = string(in);
            String correlationId = string(in);
            String causationId = string(in);
            String tenant = string(in);
            Instant occurredAt = Instant.ofEpochMilli(in.getLong());
            String producer = string(in);
            byte traceFlag = in.get();
            if (traceFlag != 0 && traceFlag != 1) {
                throw new IllegalArgumentException("traceparent flag " + traceFlag + " (0 = absent, 1 = present)");
            }
            Envelope envelope = Envelopes.of(eventId, correlationId, causationId, tenant, occurredAt, producer,
                    traceFlag == 1 ? string(in) : null);
            int partition = in.getInt();
            long sequence = in.getLong();
            String kind = string(in);
            LedgerEntryKind entryKind;
            try {
                entryKind = LedgerEntryKind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown entry kind '" + kind + "'", e);
            }
            String subjectKey = string(in);
            String payloadType = string(in);
            byte[] payloadHash = bytes(in);
            byte[] prevHash = bytes(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last field");
            }
            entry = LedgerEntry.newBuilder().setEnvelope(envelope).setPartition(partition).setSequence(sequence)
                    .setKind(entryKind).setSubjectKey(subjectKey).setPayloadType(payloadType)
                    .setPayload(ByteBuffer.wrap(payload.clone())).setPayloadHash(ByteBuffer.wrap(payloadHash))
                    .setPrevHash(ByteBuffer.wrap(prevHash)).setHash(ByteBuffer.wrap(ChainHasher.sha256(canonical))).build();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("it ends in the middle of a field", e);
        }
        if (!Arrays.equals(ChainHasher.canonicalEncoding(entry), canonical)) {
            throw new IllegalArgumentException("it is not the canonical form of the entry it encodes");
        }
        return entry;
    }

    private static String string(ByteBuffer in) {
        byte[] raw = bytes(in);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a string field is not UTF-8", e);
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a field claims " + length + " bytes, " + in.remaining() + " remain");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }
}

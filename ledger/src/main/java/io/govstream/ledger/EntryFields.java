package io.govstream.ledger;

import io.govstream.events.Envelope;
import io.govstream.events.LedgerEntry;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Reads a ledger entry's fields by position from either form it comes in: a {@link LedgerEntry}
 * (String fields, Instant, enum), or a generic record of the same schema as a reusing decoder
 * returns ({@code Utf8} strings, a long for the time, an enum symbol). Both have the positions of
 * {@link LedgerEntry#SCHEMA$}, so hashing and verification have one implementation for both.
 */
final class EntryFields {
    static final int ENVELOPE = pos(LedgerEntry.SCHEMA$, "envelope");
    static final int PARTITION = pos(LedgerEntry.SCHEMA$, "partition");
    static final int SEQUENCE = pos(LedgerEntry.SCHEMA$, "sequence");
    static final int KIND = pos(LedgerEntry.SCHEMA$, "kind");
    static final int SUBJECT_KEY = pos(LedgerEntry.SCHEMA$, "subjectKey");
    static final int PAYLOAD_TYPE = pos(LedgerEntry.SCHEMA$, "payloadType");
    static final int PAYLOAD = pos(LedgerEntry.SCHEMA$, "payload");
    static final int PAYLOAD_HASH = pos(LedgerEntry.SCHEMA$, "payloadHash");
    static final int PREV_HASH = pos(LedgerEntry.SCHEMA$, "prevHash");
    static final int HASH = pos(LedgerEntry.SCHEMA$, "hash");

    static final int EVENT_ID = pos(Envelope.SCHEMA$, "eventId");
    static final int CORRELATION_ID = pos(Envelope.SCHEMA$, "correlationId");
    static final int CAUSATION_ID = pos(Envelope.SCHEMA$, "causationId");
    static final int TENANT = pos(Envelope.SCHEMA$, "tenant");
    static final int OCCURRED_AT = pos(Envelope.SCHEMA$, "occurredAt");
    static final int PRODUCER = pos(Envelope.SCHEMA$, "producer");
    static final int TRACEPARENT = pos(Envelope.SCHEMA$, "traceparent");

    private EntryFields() {
    }

    /** Fails unless {@code entry} is a record of the LedgerEntry schema (its positions are what this class reads). */
    static void check(IndexedRecord entry) {
        Schema schema = entry.getSchema();
        if (schema != LedgerEntry.SCHEMA$ && !LedgerEntry.SCHEMA$.getFullName().equals(schema.getFullName())) {
            throw new IllegalArgumentException("not a ledger entry: a record of " + schema.getFullName());
        }
    }

    static IndexedRecord envelope(IndexedRecord entry) {
        return (IndexedRecord) entry.get(ENVELOPE);
    }

    static int partition(IndexedRecord entry) {
        return (Integer) entry.get(PARTITION);
    }

    static long sequence(IndexedRecord entry) {
        return (Long) entry.get(SEQUENCE);
    }

    static ByteBuffer bytes(IndexedRecord record, int position) {
        return (ByteBuffer) record.get(position);
    }

    /** The envelope's occurredAt in epoch milliseconds. */
    static long occurredAtMillis(IndexedRecord envelope) {
        Object value = envelope.get(OCCURRED_AT);
        return value instanceof Instant instant ? instant.toEpochMilli() : (Long) value;
    }

    static Instant occurredAt(IndexedRecord envelope) {
        Object value = envelope.get(OCCURRED_AT);
        return value == null ? null : value instanceof Instant instant ? instant : Instant.ofEpochMilli((Long) value);
    }

    private static int pos(Schema schema, String field) {
        return schema.getField(field).pos();
    }
}

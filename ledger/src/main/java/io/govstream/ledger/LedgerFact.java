package io.govstream.ledger;

import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntryKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A fact to record in the ledger: the event's envelope, what kind of fact it is, its key, and
 * the event as plain Avro binary (no wire-format header: the payload must stay readable without
 * a registry, its schema is the payloadType's).
 */
public record LedgerFact(Envelope envelope, LedgerEntryKind kind, String subjectKey, String payloadType, byte[] payload) {

    public LedgerFact {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** A decision, keyed by its correlation id. */
    public static LedgerFact decision(GovernanceDecision decision) {
        return new LedgerFact(decision.getEnvelope(), LedgerEntryKind.DECISION, decision.getEnvelope().getCorrelationId(),
                GovernanceDecision.getClassSchema().getFullName(), avroBinary(decision));
    }

    /** Plain Avro binary of a generated record, the ledger's payload encoding. */
    public static <T extends SpecificRecord> byte[] avroBinary(T record) {
        @SuppressWarnings("unchecked")
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + record.getSchema().getFullName() + " as a ledger payload", e);
        }
        return out.toByteArray();
    }
}

package io.govstream.governance.gdpr;

import io.govstream.events.Envelope;
import io.govstream.schemas.Envelopes;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.SubjectDataKey;
import io.govstream.governance.dispatch.Decided;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.PayloadDecoder;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.ledger.gdpr.PersonalPayloads;
import io.govstream.ledger.gdpr.SubjectKeyring;
import io.govstream.schemas.gdpr.SubjectRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Encrypts the personal fields of a fact with the data keys of every person it names (as its
 * payload's schema marks them, {@link PersonalFields}) before the ledger records it: requesters,
 * approvers and voters, deployment requesters and reporters, flag and policy authors. Runs in the
 * task that owns the ledger partition: a person seen for the first time gets a new key, kept in the
 * task's store and published to the keys topic in the same transaction as the entry it encrypts, so
 * no entry is ever written whose key was not.
 *
 * @param <V> what arrives: a decision ({@link #decisions}) or a ledger fact ({@link #facts})
 */
public final class ProtectPersonalDataProcessor<V> extends ContextualProcessor<String, V, String, Protected> {

    /**
     * How a value becomes a ledger fact, around the payload record whose fields are encrypted.
     *
     * @param record the payload record, or null when it has no personal fields
     * @param fact   the fact of a value whose payload record was encrypted
     * @param plain  the fact of a value without personal fields
     */
    private record Shape<V>(Function<V, SpecificRecord> record, BiFunction<V, SpecificRecord, LedgerFact> fact,
                            Function<V, LedgerFact> plain) {
    }

    private final KeyEncryptionKey kek;
    private final Shape<V> shape;
    private SubjectKeyring keys;

    private ProtectPersonalDataProcessor(KeyEncryptionKey kek, Shape<V> shape) {
        this.kek = kek;
        this.shape = shape;
    }

    /** For decisions: the ledger's copy of the decision (with the request's payload and attributes). */
    public static ProtectPersonalDataProcessor<Decided> decisions(KeyEncryptionKey kek) {
        return new ProtectPersonalDataProcessor<>(kek, new Shape<>(Decided::forLedger,
                (value, protectedRecord) -> LedgerFact.decision((GovernanceDecision) protectedRecord),
                value -> LedgerFact.decision(value.forLedger())));
    }

    /** For every other fact: its payload is decoded when its type has personal fields, encrypted, and encoded again. */
    public static ProtectPersonalDataProcessor<LedgerFact> facts(KeyEncryptionKey kek) {
        return new ProtectPersonalDataProcessor<>(kek, new Shape<>(ProtectPersonalDataProcessor::payloadRecord,
                (fact, protectedRecord) -> new LedgerFact(fact.envelope(), fact.kind(), fact.subjectKey(), fact.payloadType(),
                        LedgerFact.avroBinary(protectedRecord)),
                fact -> fact));
    }

    private static SpecificRecord payloadRecord(LedgerFact fact) {
        Class<? extends SpecificRecord> type = PersonalPayloads.typeOf(fact.payloadType());
        if (type == null) {
            return null;
        }
        try {
            return PayloadDecoder.decode(fact.payload(), type);
        } catch (IOException e) {
            throw new IllegalStateException("a " + fact.payloadType() + " fact does not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public void init(ProcessorContext<String, Protected> context) {
        super.init(context);
        this.keys = new SubjectKeyring(context.getStateStore(SubjectKeyring.STORE), kek, context.taskId().partition());
    }

    @Override
    public void process(Record<String, V> record) {
        SpecificRecord payload = shape.record().apply(record.value());
        if (payload == null) {
            context().forward(record.withValue(Protected.unchanged(shape.plain().apply(record.value()))));
            return;
        }
        List<Protected.KeyChange> created = new ArrayList<>(1);
        // One walk of the record: encrypt returns the record itself when it names no one.
        SpecificRecord encrypted = PersonalFields.encrypt(payload, ref -> {
            SubjectKeyring.Use use = keys.keyFor(ref);
            if (use.created() != null) {
                created.add(newKey(ref, use.created(), envelopeOf(payload)));
            }
            return use.aead();
        });
        context().forward(record.withValue(encrypted == payload ? Protected.unchanged(shape.plain().apply(record.value()))
                : new Protected(shape.fact().apply(record.value(), encrypted), created)));
    }

    private Protected.KeyChange newKey(String ref, byte[] wrapped, Envelope cause) {
        String keyName = SubjectRef.keyOf(ref, keys.partition());
        SubjectDataKey key = SubjectDataKey.newBuilder()
                .setEnvelope(Envelopes.causedBy(cause, Envelopes.derivedId("govstream-subject-key:" + keyName + ":" + cause.getEventId()),
                        DispatchDecider.PRODUCER, Instant.ofEpochMilli(context().currentSystemTimeMs())))
                .setSubjectRef(ref)
                .setPartition(keys.partition())
                .setWrappedKeyset(ByteBuffer.wrap(wrapped))
                .setKek(keys.kekId())
                .build();
        return new Protected.KeyChange(keyName, key);
    }

    /** The envelope of a payload: its own field, or that of the union branch it wraps (a deployment event). */
    private static Envelope envelopeOf(SpecificRecord payload) {
        for (org.apache.avro.Schema.Field field : payload.getSchema().getFields()) {
            Object value = payload.get(field.pos());
            if (value instanceof Envelope envelope) {
                return envelope;
            }
            if (value instanceof SpecificRecord nested && nested.getSchema().getField("envelope") != null) {
                return (Envelope) nested.get(nested.getSchema().getField("envelope").pos());
            }
        }
        throw new IllegalArgumentException(payload.getSchema().getFullName() + " has no envelope");
    }
}

package io.govstream.governance.gdpr;

import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.SubjectDataKey;
import io.govstream.governance.dispatch.Decided;
import io.govstream.governance.dispatch.DispatchDecider;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.ledger.gdpr.SubjectKeyring;
import io.govstream.ledger.gdpr.SubjectRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Encrypts a decision's personal fields with its subject's data key before the ledger records it.
 * Runs in the task that owns the ledger partition: a subject seen for the first time gets a new
 * key, kept in the task's store and published to the keys topic in the same transaction as the
 * entry it encrypts, so no entry is ever written whose key was not.
 */
public final class ProtectPersonalDataProcessor implements Processor<String, Decided, String, Protected> {
    private final KeyEncryptionKey kek;
    private ProcessorContext<String, Protected> context;
    private SubjectKeyring keys;

    public ProtectPersonalDataProcessor(KeyEncryptionKey kek) {
        this.kek = kek;
    }

    @Override
    public void init(ProcessorContext<String, Protected> context) {
        this.context = context;
        this.keys = new SubjectKeyring(context.getStateStore(SubjectKeyring.STORE), kek, context.taskId().partition());
    }

    @Override
    public void process(Record<String, Decided> record) {
        GovernanceDecision decision = record.value().forLedger();
        Optional<String> subject = PersonalFields.dataSubject(decision);
        if (subject.isEmpty()) {
            context.forward(record.withValue(new Protected(LedgerFact.decision(decision), null, null)));
            return;
        }
        String ref = SubjectRef.of(subject.get());
        SubjectKeyring.Use use = keys.keyFor(ref);
        LedgerFact fact = LedgerFact.decision(PersonalFields.encrypt(decision, ref, use.aead()));
        if (use.created() == null) {
            context.forward(record.withValue(new Protected(fact, null, null)));
            return;
        }
        String keyName = SubjectRef.keyOf(ref, keys.partition());
        Envelope cause = decision.getEnvelope();
        SubjectDataKey key = SubjectDataKey.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setEventId(UUID.nameUUIDFromBytes(("govstream-subject-key:" + keyName + ":" + cause.getEventId())
                                .getBytes(StandardCharsets.UTF_8)).toString())
                        .setCorrelationId(cause.getCorrelationId())
                        .setCausationId(cause.getEventId())
                        .setTenant(cause.getTenant())
                        .setOccurredAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                        .setProducer(DispatchDecider.PRODUCER)
                        .setTraceparent(cause.getTraceparent())
                        .build())
                .setSubjectRef(ref)
                .setPartition(keys.partition())
                .setWrappedKeyset(ByteBuffer.wrap(use.created()))
                .setKek(keys.kekId())
                .build();
        context.forward(record.withValue(new Protected(fact, keyName, key)));
    }
}

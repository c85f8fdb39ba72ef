package io.govstream.governance.gdpr;

import io.govstream.events.LedgerEntryKind;
import io.govstream.events.SubjectErasure;
import io.govstream.ledger.LedgerFact;
import io.govstream.ledger.gdpr.KeyEncryptionKey;
import io.govstream.ledger.gdpr.SubjectKeyring;
import io.govstream.schemas.gdpr.SubjectRef;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Erases a data subject in this task's ledger partition: destroys the subject's data key (store
 * delete, so a changelog tombstone; and a tombstone on the keys topic) and records the erasure as
 * a STATE_CHANGE entry (payload {@link SubjectErasure}) in the same chain, in one transaction. The
 * entries already written keep their bytes, hashes and proofs; their personal fields can no
 * longer be decrypted.
 */
public final class EraseSubjectProcessor extends ContextualProcessor<String, SubjectErasure, String, Protected> {
    public static final String PAYLOAD_TYPE = SubjectErasure.getClassSchema().getFullName();
    private final KeyEncryptionKey kek;
    private SubjectKeyring keys;

    public EraseSubjectProcessor(KeyEncryptionKey kek) {
        this.kek = kek;
    }

    @Override
    public void init(ProcessorContext<String, Protected> context) {
        super.init(context);
        this.keys = new SubjectKeyring(context.getStateStore(SubjectKeyring.STORE), kek, context.taskId().partition());
    }

    @Override
    public void process(Record<String, SubjectErasure> record) {
        SubjectErasure erasure = record.value();
        if (erasure == null) {
            return; // a tombstone on the erasures topic asks nothing
        }
        String ref = erasure.getSubjectRef();
        keys.destroy(ref);
        LedgerFact fact = new LedgerFact(erasure.getEnvelope(), LedgerEntryKind.STATE_CHANGE, erasure.getEnvelope().getCorrelationId(),
                PAYLOAD_TYPE, LedgerFact.avroBinary(erasure));
        // Tombstone even if this partition never saw the subject: cheap, and erase stays idempotent.
        context().forward(record.withValue(new Protected(fact, java.util.List.of(new Protected.KeyChange(SubjectRef.keyOf(ref, keys.partition()), null)))));
    }
}

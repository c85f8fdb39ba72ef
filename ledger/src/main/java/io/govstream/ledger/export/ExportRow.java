package io.govstream.ledger.export;

import io.govstream.events.DispatchResult;
import io.govstream.events.FlagChange;
import io.govstream.events.FlagJson;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.LedgerEntry;
import io.govstream.events.PolicyChanged;
import io.govstream.events.SubjectErasure;
import io.govstream.ledger.gdpr.KeyRing;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.ledger.Bytes;
import io.govstream.ledger.PayloadDecoder;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * One ledger entry as exports show it: its position and hashes, and the fields of the recorded
 * decision or policy change decoded from the payload (null where the entry is not of that kind).
 * Payloads are plain Avro binary written with the payload type's schema of the day (LedgerFact, PayloadDecoder).
 */
public record ExportRow(LedgerEntry entry, long offset, String effect, String target, String subject, String source,
                        String intent, String reason, String ruleId, String policySetId, String policyVersion,
                        Instant decidedAt, String subjectRef) {

    /** Shows a decoded payload as a reader may see it, e.g. with personal fields decrypted. */
    @FunctionalInterface
    public interface Reveal {
        SpecificRecord apply(LedgerEntry entry, SpecificRecord payload);

        Reveal AS_STORED = (entry, payload) -> payload;

        /** Decrypts with the keys a reader holds; fields whose key is gone read as erased. */
        static Reveal with(KeyRing keys) {
            return (entry, payload) -> PersonalFields.decrypt(payload, ref -> keys.key(ref, entry.getPartition()));
        }
    }

    public static final String DECISION_TYPE = GovernanceDecision.getClassSchema().getFullName();
    public static final String POLICY_CHANGE_TYPE = PolicyChanged.getClassSchema().getFullName();
    public static final String ERASURE_TYPE = SubjectErasure.getClassSchema().getFullName();
    public static final String RESULT_TYPE = DispatchResult.getClassSchema().getFullName();
    public static final String FLAG_CHANGE_TYPE = FlagChange.getClassSchema().getFullName();
    private static final HexFormat HEX = HexFormat.of();

    public static ExportRow of(LedgerEntry entry, long offset) {
        return of(entry, offset, Reveal.AS_STORED);
    }

    public static ExportRow of(LedgerEntry entry, long offset, Reveal reveal) {
        if (DECISION_TYPE.equals(entry.getPayloadType())) {
            GovernanceDecision stored = PayloadDecoder.decode(entry, GovernanceDecision.class);
            String ref = PersonalFields.subjectRef(stored).orElse(null);
            GovernanceDecision d = (GovernanceDecision) reveal.apply(entry, stored);
            return new ExportRow(entry, offset, d.getEffect().name(), d.getTarget(), d.getSubject(), d.getSource(), d.getIntent(),
                    d.getReason(), d.getRuleId(), d.getPolicySetId(), d.getPolicyVersion(), d.getEnvelope().getOccurredAt(), ref);
        }
        if (ERASURE_TYPE.equals(entry.getPayloadType())) {
            SubjectErasure e = PayloadDecoder.decode(entry, SubjectErasure.class);
            return new ExportRow(entry, offset, null, null, null, null, null,
                    "personal data of " + e.getSubjectRef() + " erased (key of ledger partition " + entry.getPartition() + " destroyed)",
                    null, null, null, e.getEnvelope().getOccurredAt(), e.getSubjectRef());
        }
        if (RESULT_TYPE.equals(entry.getPayloadType())) {
            DispatchResult r = PayloadDecoder.decode(entry, DispatchResult.class);
            String note = "command " + r.getCommandId() + " " + r.getStatus().name().toLowerCase(Locale.ROOT) + " by "
                    + r.getWorker() + (r.getError() == null ? "" : ": " + r.getError());
            return new ExportRow(entry, offset, r.getStatus().name(), null, null, null, null, note, null, null, null,
                    r.getEnvelope().getOccurredAt(), null);
        }
        if (POLICY_CHANGE_TYPE.equals(entry.getPayloadType())) {
            PolicyChanged p = PayloadDecoder.decode(entry, PolicyChanged.class);
            String note = "policy " + p.getPolicySetId() + " v" + p.getVersion() + " in force for "
                    + (p.getTenantScope() == null ? "every tenant" : "tenant " + p.getTenantScope());
            return new ExportRow(entry, offset, null, null, null, null, null, note, null, p.getPolicySetId(),
                    String.valueOf(p.getVersion()), p.getEnvelope().getOccurredAt(), null);
        }
        if (FLAG_CHANGE_TYPE.equals(entry.getPayloadType())) {
            FlagChange f = (FlagChange) reveal.apply(entry, PayloadDecoder.decode(entry, FlagChange.class));
            String note = "flag " + f.getName() + ": " + flagText(f.getPreviousValue()) + " -> " + flagText(f.getValue()) + " by "
                    + f.getAuthor() + (f.getNote() == null ? "" : " (" + f.getNote() + ")");
            return new ExportRow(entry, offset, null, null, null, null, null, note, null, null, null, f.getEnvelope().getOccurredAt(), null);
        }
        return new ExportRow(entry, offset, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static String flagText(Object value) {
        if (value == null) {
            return "(unset)";
        }
        return value instanceof FlagJson json ? json.getJson() : value instanceof CharSequence s ? "\"" + s + "\"" : value.toString();
    }

    public int partition() {
        return entry.getPartition();
    }

    public long sequence() {
        return entry.getSequence();
    }

    public String kind() {
        return entry.getKind().name();
    }

    public Instant appendedAt() {
        return entry.getEnvelope().getOccurredAt();
    }

    public String tenant() {
        return entry.getEnvelope().getTenant();
    }

    public String correlationId() {
        return entry.getEnvelope().getCorrelationId();
    }

    public String hashHex() {
        return HEX.formatHex(Bytes.of(entry.getHash()));
    }
}

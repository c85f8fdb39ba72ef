package io.govstream.governance.escalation;

import io.govstream.governance.stores.StoreEntries;
import io.govstream.events.CountedApproval;
import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.PendingEscalation;
import io.govstream.events.SubjectErasure;
import io.govstream.schemas.EventHeaders;
import io.govstream.governance.dispatch.Decided;
import io.govstream.governance.gdpr.ErasedNames;
import io.govstream.ledger.gdpr.PersonalFields;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Erases a data subject from the escalations this task holds open, so the pending-escalations
 * store and its changelog name them no longer (the ledger's copies are ciphertext whose key the
 * same erasure destroys):
 *
 * <ul>
 *   <li>an escalation <b>they requested</b> is closed: DENY, because no one may now approve what
 *       can no longer be shown to them, with the request's personal fields blanked (the decision
 *       and its ledger entry name the approvers who had voted, and not the requester);</li>
 *   <li>an escalation <b>they voted on</b> keeps their vote, under their pseudonym
 *       ({@link io.govstream.schemas.gdpr.SubjectRef#erasedPerson}): it still counts once, and they cannot vote again.</li>
 * </ul>
 *
 * Every task receives every erasure (the topology copies each to every task), so each
 * clears its own store. The superseded changelog records go by compaction within the store's bound
 * (the catalogue's {@code personal} changelog profile).
 */
public final class EraseFromEscalationsProcessor extends ContextualProcessor<String, SubjectErasure, String, EscalationOutput> {
    static final String REASON = "the requester's personal data was erased while the escalation waited: no one can approve it now";
    private KeyValueStore<String, PendingEscalation> pending;

    @Override
    public void init(ProcessorContext<String, EscalationOutput> context) {
        super.init(context);
        this.pending = context.getStateStore(PendingEscalations.STORE);
    }

    @Override
    public void process(Record<String, SubjectErasure> record) {
        SubjectErasure erasure = record.value();
        if (erasure == null) {
            return;
        }
        String ref = erasure.getSubjectRef();
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        for (KeyValue<String, PendingEscalation> entry : StoreEntries.all(pending)) {
            PendingEscalation escalation = entry.value;
            DispatchRequested request = PendingEscalations.request(escalation);
            if (ErasedNames.names(request.getSubject(), ref)) {
                pending.delete(entry.key);
                deny(escalation, request, erasure, now);
                continue;
            }
            PendingEscalation scrubbed = withoutVoter(escalation, ref);
            if (scrubbed != escalation) {
                pending.put(entry.key, scrubbed);
            }
        }
    }

    private static PendingEscalation withoutVoter(PendingEscalation escalation, String ref) {
        if (escalation.getApprovals().stream().noneMatch(approval -> ErasedNames.names(approval.getApprover(), ref))) {
            return escalation;
        }
        List<CountedApproval> approvals = escalation.getApprovals().stream().map(approval -> ErasedNames.names(approval.getApprover(), ref)
                ? CountedApproval.newBuilder(approval).setApprover(ErasedNames.replacement(approval.getApprover())).build() : approval).toList();
        // The escalation's reason was written before anyone voted: it may name the requester, never a voter.
        return PendingEscalation.newBuilder(escalation).setApprovals(approvals).build();
    }

    private void deny(PendingEscalation escalation, DispatchRequested request, SubjectErasure erasure, Instant now) {
        String marker = ErasedNames.replacement(request.getSubject());
        DispatchRequested blank = DispatchRequested.newBuilder(request)
                .setSubject(marker)
                .setPayload("{}")
                .setAttributes(Map.of())
                .setClaims(Map.of())
                .build();
        GovernanceDecision escalated = PendingEscalations.decision(escalation);
        GovernanceDecision blanked = GovernanceDecision.newBuilder(escalated)
                .setSubject(marker)
                .setReason(PersonalFields.ERASED)
                .setClaims("{}")
                .setRequestPayload("")
                .setRequestAttributes("")
                .build();
        List<String> voters = Tally.approverNames(escalation).stream().filter(n -> !PersonalFields.isErased(n)).toList();
        GovernanceDecision decision = FinalDecisions.of(blanked, Effect.DENY, REASON, voters, erasure.getEnvelope().getEventId(), now);
        Record<String, EscalationOutput> out = new Record<>(escalated.getEnvelope().getCorrelationId(),
                EscalationOutput.decision(new Decided(blank, decision)), now.toEpochMilli(), new RecordHeaders());
        EventHeaders.carry(out.headers(), escalated.getEnvelope().getCorrelationId(), request.getEnvelope().getTraceparent());
        context().forward(out);
    }
}

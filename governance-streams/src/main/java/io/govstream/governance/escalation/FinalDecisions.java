package io.govstream.governance.escalation;

import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import io.govstream.schemas.Envelopes;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The final decision on an escalated request: the escalation's decision with a new effect and
 * reason (after approvals: under the set in force when it was finalised, naming the version it was
 * escalated under; after a rejection or timeout: under the escalation's set), and the same correlation id (so
 * Orbit's tracker moves from ESCALATED to the outcome). Its event id is derived from the
 * correlation id: an escalation has exactly one final decision, and a replay re-derives the same id
 * (and so the same Axon command id). It names the approvers whose votes its reason speaks of
 * ({@code approvers}): with the requester, the people whose data keys protect it in the ledger.
 */
final class FinalDecisions {
    private FinalDecisions() {
    }

    static GovernanceDecision of(GovernanceDecision escalated, Effect effect, String reason, List<String> approvers, String causationId,
                                 Instant now) {
        String eventId = Envelopes.derivedId("govstream-escalation-final:" + escalated.getEnvelope().getCorrelationId());
        Envelope envelope = Envelope.newBuilder(escalated.getEnvelope())
                .setEventId(eventId)
                .setCausationId(causationId)
                .setOccurredAt(now)
                .build();
        return GovernanceDecision.newBuilder(escalated)
                .setEnvelope(envelope)
                .setEffect(effect)
                .setReason(reason)
                .setApprovers(List.copyOf(new LinkedHashSet<>(approvers)))
                .setEscalatedUnderVersion(escalated.getPolicyVersion())
                .setEscalatedUnderHash(escalated.getPolicyHash())
                .build();
    }

    /**
     * The final decision after approvals, evaluated again: it names the set, version, hash and rule of
     * {@code current} (the evaluation under the set in force now) and the version it was escalated under.
     */
    static GovernanceDecision of(GovernanceDecision escalated, GovernanceDecision current, Effect effect, String reason,
                                 List<String> approvers, String causationId, Instant now) {
        return GovernanceDecision.newBuilder(of(escalated, effect, reason, approvers, causationId, now))
                .setPolicySetId(current.getPolicySetId())
                .setPolicyVersion(current.getPolicyVersion())
                .setPolicyHash(current.getPolicyHash())
                .setRuleId(current.getRuleId())
                .build();
    }
}

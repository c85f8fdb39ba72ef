package io.govstream.governance.escalation;

import io.govstream.events.Effect;
import io.govstream.events.Envelope;
import io.govstream.events.GovernanceDecision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The final decision on an escalated request: the escalation's decision with a new effect and
 * reason, under the same policy set, version, hash and rule, and the same correlation id (so
 * Orbit's tracker moves from ESCALATED to the outcome). Its event id is derived from the
 * correlation id: an escalation has exactly one final decision, and a replay re-derives the same id
 * (and so the same Axon command id).
 */
final class FinalDecisions {
    private FinalDecisions() {
    }

    static GovernanceDecision of(GovernanceDecision escalated, Effect effect, String reason, String causationId, Instant now) {
        String eventId = UUID.nameUUIDFromBytes(("govstream-escalation-final:" + escalated.getEnvelope().getCorrelationId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        Envelope envelope = Envelope.newBuilder(escalated.getEnvelope())
                .setEventId(eventId)
                .setCausationId(causationId)
                .setOccurredAt(now)
                .build();
        return GovernanceDecision.newBuilder(escalated)
                .setEnvelope(envelope)
                .setEffect(effect)
                .setReason(reason)
                .build();
    }
}

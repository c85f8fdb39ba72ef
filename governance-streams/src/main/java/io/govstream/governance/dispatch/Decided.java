package io.govstream.governance.dispatch;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.governance.policy.Obligations;

/**
 * A request with the decision on it, and what the deciding rule obliges (an ESCALATE decision's
 * approvals and timeout); lives only between processors, never on the wire.
 */
public record Decided(DispatchRequested request, GovernanceDecision decision, Obligations obligations) {

    public Decided {
        obligations = obligations == null ? Obligations.NONE : obligations;
    }

    public Decided(DispatchRequested request, GovernanceDecision decision) {
        this(request, decision, Obligations.NONE);
    }

    public boolean escalated() {
        return decision.getEffect() == Effect.ESCALATE;
    }

    public boolean permitted() {
        return decision.getEffect() == Effect.PERMIT;
    }
}

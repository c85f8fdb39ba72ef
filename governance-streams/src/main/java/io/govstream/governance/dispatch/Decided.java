package io.govstream.governance.dispatch;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.ShadowDecision;
import io.govstream.policy.Obligations;

/**
 * A request with the decision on it, and what the deciding rule obliges (an ESCALATE decision's
 * approvals and timeout), and what a shadow policy set would have decided (null if none was
 * evaluated); lives only between processors, never on the wire.
 */
public record Decided(DispatchRequested request, GovernanceDecision decision, Obligations obligations, ShadowDecision shadow) {
    public Decided {
        obligations = obligations == null ? Obligations.NONE : obligations;
    }

    public Decided(DispatchRequested request, GovernanceDecision decision) {
        this(request, decision, Obligations.NONE, null);
    }

    /**
     * The decision as the ledger records it: with the request's payload and attributes, which a
     * policy needs to be evaluated again (govctl policy whatif). Not on the decisions topic, which
     * more readers see; in the ledger they are personal fields, encrypted per subject.
     */
    public GovernanceDecision forLedger() {
        return GovernanceDecision.newBuilder(decision)
                .setRequestPayload(request.getPayload() == null ? "{}" : request.getPayload())
                .setRequestAttributes(DispatchDecider.sortedJson(request.getAttributes()))
                .build();
    }

    public boolean escalated() {
        return decision.getEffect() == Effect.ESCALATE;
    }

    public boolean permitted() {
        return decision.getEffect() == Effect.PERMIT;
    }
}

package io.govstream.governance.dispatch;

import io.govstream.events.DispatchRequested;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;

/** A request with the decision on it; lives only between processors, never on the wire. */
public record Decided(DispatchRequested request, GovernanceDecision decision) {

    public boolean permitted() {
        return decision.getEffect() == Effect.PERMIT;
    }
}

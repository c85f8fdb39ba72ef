package io.govstream.governance.escalation;

import io.govstream.events.DispatchRequested;
import io.govstream.governance.dispatch.DispatchDecider;
import java.time.Instant;

/**
 * Evaluates an escalated request again, under the policy set, flags and state in force in the
 * task at that moment, without counting it again: when approvals complete an escalation, they
 * satisfy its obligation but never override a DENY that arrived since (a kill switch, a new set).
 */
@FunctionalInterface
public interface Reevaluation {
    DispatchDecider.Outcome outcome(DispatchRequested request, Instant now);
}

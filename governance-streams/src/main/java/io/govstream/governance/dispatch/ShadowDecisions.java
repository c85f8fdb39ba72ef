package io.govstream.governance.dispatch;

import io.govstream.events.DispatchRequested;
import io.govstream.events.GovernanceDecision;
import io.govstream.events.ShadowDecision;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicySet;
import io.govstream.policy.Verdict;
import java.time.Instant;
import java.util.Objects;

/**
 * Evaluates a shadow policy set on a request the active set has just decided, with the same
 * clock and the same state (the extensions' values before the request is counted), and writes
 * what it would have decided next to what was decided. Nothing here is enforced: the result goes
 * to the shadow decisions topic and a metric only.
 *
 * <p>A request that failed validation gets no shadow decision: validation comes before any
 * policy, so every set denies it the same way.
 */
public final class ShadowDecisions {
    private final DispatchDecider decider;

    public ShadowDecisions(DispatchDecider decider) {
        this.decider = Objects.requireNonNull(decider, "decider");
    }

    /** @return the shadow decision, or null if there is nothing to compare (no shadow set, or an invalid request) */
    public ShadowDecision evaluate(DispatchRequested request, GovernanceDecision active, PolicySet shadow, Instant now,
                                   PolicyExtension.Values extensions) {
        if (shadow == null || Verdict.VALIDATION.equals(active.getRuleId())) {
            return null;
        }
        GovernanceDecision would = decider.outcome(request, shadow, now, extensions).decision();
        return ShadowDecision.newBuilder()
                .setEnvelope(would.getEnvelope())
                .setRequestEventId(would.getRequestEventId())
                .setEffect(would.getEffect())
                .setPolicySetId(would.getPolicySetId())
                .setPolicyVersion(would.getPolicyVersion())
                .setPolicyHash(would.getPolicyHash())
                .setRuleId(would.getRuleId())
                .setReason(would.getReason())
                .setSource(would.getSource())
                .setTarget(would.getTarget())
                .setIntent(would.getIntent())
                .setSubject(would.getSubject())
                .setActiveEffect(active.getEffect())
                .setActivePolicySetId(active.getPolicySetId())
                .setActivePolicyVersion(active.getPolicyVersion())
                .setActiveRuleId(active.getRuleId())
                .setDiverged(would.getEffect() != active.getEffect())
                .build();
    }
}

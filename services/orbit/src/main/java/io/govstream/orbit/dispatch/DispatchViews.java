package io.govstream.orbit.dispatch;

import io.govstream.events.DispatchResult;
import io.govstream.events.GovernanceDecision;
import java.util.function.UnaryOperator;

/**
 * How decisions and results change a dispatch's view. Decisions and results arrive on
 * different topics in any order: a result is never undone by a late decision.
 */
final class DispatchViews {
    private DispatchViews() {
    }

    /**
     * Whether a decision is on a request Orbit sent: one that came through Orbit's channel (empty
     * provenance: decided before provenance was recorded), and not the refusal of another request that
     * reused the id. Anyone outside may send a request under an id Orbit chose; its decision must not
     * change the view of Orbit's dispatch.
     */
    static boolean decidesOrbitsRequest(GovernanceDecision d) {
        String provenance = d.getProvenance();
        return (provenance.isEmpty() || "orbit".equals(provenance)) && !"correlation-id-taken".equals(d.getRuleId());
    }

    static UnaryOperator<DispatchView> withDecision(GovernanceDecision d) {
        DispatchView.Decision decision = new DispatchView.Decision(d.getEffect().name(), d.getPolicySetId(),
                d.getPolicyVersion(), d.getPolicyHash(), d.getRuleId(), d.getReason(),
                d.getEnvelope().getOccurredAt().toString());
        return view -> {
            DispatchStatus status = view.result() != null ? view.status() : switch (d.getEffect()) {
                case PERMIT -> DispatchStatus.PERMITTED;
                case DENY -> DispatchStatus.DENIED;
                case ESCALATE -> DispatchStatus.ESCALATED;
                case PENDING -> DispatchStatus.PENDING;
            };
            return new DispatchView(view.correlationId(), d.getEnvelope().getTenant(), status, d.getReason(), decision, view.result());
        };
    }

    static UnaryOperator<DispatchView> withResult(DispatchResult r) {
        DispatchView.Result result = new DispatchView.Result(r.getStatus().name(), r.getWorker(), r.getOutput(),
                r.getError(), r.getFinishedAt().toString());
        DispatchStatus status = r.getStatus() == io.govstream.events.DispatchStatus.SUCCEEDED
                ? DispatchStatus.COMPLETED : DispatchStatus.FAILED;
        return view -> new DispatchView(view.correlationId(), view.tenant() != null ? view.tenant() : r.getEnvelope().getTenant(),
                status, view.reason(), view.decision(), result);
    }
}

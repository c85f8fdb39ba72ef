package io.govstream.orbit.dispatch;

import io.govstream.events.DispatchResult;
import io.govstream.events.Effect;
import io.govstream.events.GovernanceDecision;
import io.govstream.schemas.Envelopes;
import java.util.function.UnaryOperator;

/**
 * How decisions and results change a dispatch's view. Decisions and results arrive on
 * different topics in any order: a result is never undone by a late decision of its own command.
 * A result counts only if it is of the command the dispatch's decision yields (its id derives from
 * the decision's): one of another command under the same correlation id (another request's, a
 * forged command's refusal) never shows as the dispatch's.
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
                d.getEnvelope().getOccurredAt().toString(), d.getEffect() == Effect.PERMIT ? Envelopes.commandId(d.getEnvelope().getEventId()) : null);
        return view -> {
            // A result that came first stands if it is of this decision's command (or the decision is not the last word)
            DispatchView.Result result = view.result() != null && ofItsCommand(decision, view.result().commandId()) ? view.result() : null;
            DispatchStatus status = result != null ? view.status() : switch (d.getEffect()) {
                case PERMIT -> DispatchStatus.PERMITTED;
                case DENY -> DispatchStatus.DENIED;
                case ESCALATE -> DispatchStatus.ESCALATED;
                case PENDING -> DispatchStatus.PENDING;
            };
            return new DispatchView(view.correlationId(), d.getEnvelope().getTenant(), status, d.getReason(), decision, result);
        };
    }

    static UnaryOperator<DispatchView> withResult(DispatchResult r) {
        DispatchView.Result result = new DispatchView.Result(r.getCommandId(), r.getStatus().name(), r.getWorker(), r.getOutput(),
                r.getError(), r.getFinishedAt().toString());
        DispatchStatus status = r.getStatus() == io.govstream.events.DispatchStatus.SUCCEEDED
                ? DispatchStatus.COMPLETED : DispatchStatus.FAILED;
        return view -> view.decision() != null && !ofItsCommand(view.decision(), r.getCommandId()) ? view
                : new DispatchView(view.correlationId(), view.tenant() != null ? view.tenant() : r.getEnvelope().getTenant(),
                        status, view.reason(), view.decision(), result);
    }

    /**
     * Whether a result of {@code commandId} can be the dispatch's under {@code decision}: a PERMIT's own command, nothing
     * under a DENY; under an escalation or a pending decision, the later PERMIT's command, whose id is not known yet.
     */
    private static boolean ofItsCommand(DispatchView.Decision decision, String commandId) {
        return switch (decision.effect()) {
            case "PERMIT" -> decision.commandId().equals(commandId);
            case "DENY" -> false;
            default -> true;
        };
    }
}

package io.govstream.governance.dispatch;

import io.govstream.events.DispatchCommand;
import io.govstream.events.GovernanceDecision;
import io.govstream.schemas.Envelopes;

/** The command a PERMIT decision lets through to the target worker. */
public final class DispatchCommands {

    private DispatchCommands() {
    }

    /**
     * The command id is derived from the decision's event id, so re-deriving the command of the
     * same decision (a replay) yields the same idempotency key.
     */
    public static DispatchCommand of(Decided decided) {
        if (!decided.permitted()) {
            throw new IllegalArgumentException("only a PERMIT decision yields a command, not " + decided.decision().getEffect());
        }
        GovernanceDecision decision = decided.decision();
        String commandId = Envelopes.commandId(decision.getEnvelope().getEventId());
        return DispatchCommand.newBuilder()
                .setEnvelope(Envelopes.commandOf(decision.getEnvelope(), commandId))
                .setCommandId(commandId)
                .setDecisionEventId(decision.getEnvelope().getEventId())
                .setTarget(decided.request().getTarget())
                .setIntent(decided.request().getIntent())
                .setSubject(decided.request().getSubject())
                .setPayload(decided.request().getPayload())
                .build();
    }
}

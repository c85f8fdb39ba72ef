package io.govstream.governance.escalation;

import io.govstream.governance.dispatch.Decided;
import io.govstream.ledger.LedgerFact;

/**
 * What the escalation processor forwards: either a step to ledger (a vote and what it did) or a
 * final decision. Forwarded one after the other, so a vote's step precedes the decision it caused
 * in the ledger chain.
 */
public record EscalationOutput(LedgerFact step, Decided decided) {

    static EscalationOutput step(LedgerFact fact) {
        return new EscalationOutput(fact, null);
    }

    static EscalationOutput decision(Decided decided) {
        return new EscalationOutput(null, decided);
    }

    public boolean isStep() {
        return step != null;
    }

    public boolean isDecision() {
        return decided != null;
    }
}

package io.govstream.governance.policy;

import io.govstream.events.DeadLetter;
import io.govstream.ledger.LedgerFact;

/** What a policy record did: a change to ledger, or a rejection for the dead-letter topic. Never on the wire. */
public record PolicyUpdate(LedgerFact change, DeadLetter rejected) {

    public static PolicyUpdate changed(LedgerFact change) {
        return new PolicyUpdate(change, null);
    }

    public static PolicyUpdate rejected(DeadLetter letter) {
        return new PolicyUpdate(null, letter);
    }

    public boolean isRejected() {
        return rejected != null;
    }
}

package io.govstream.governance.dispatch;

import io.govstream.events.DispatchResult;
import io.govstream.events.LedgerEntryKind;
import io.govstream.ledger.LedgerFact;

/**
 * A command Axon refused, as a ledger fact: STATE_CHANGE keyed by the correlation id, payload the
 * REFUSED {@link DispatchResult} (command id, worker, reason). Next to the PERMIT decision of the
 * same correlation id (or its absence, for a forgery) it tells an auditor who tried what.
 */
public final class RefusalFacts {
    private RefusalFacts() {
    }

    public static LedgerFact of(DispatchResult refused) {
        return new LedgerFact(refused.getEnvelope(), LedgerEntryKind.STATE_CHANGE, refused.getEnvelope().getCorrelationId(),
                DispatchResult.getClassSchema().getFullName(), LedgerFact.avroBinary(refused));
    }
}

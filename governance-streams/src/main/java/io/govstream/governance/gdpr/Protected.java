package io.govstream.governance.gdpr;

import io.govstream.events.SubjectDataKey;
import io.govstream.ledger.LedgerFact;

/**
 * A fact ready for the ledger, with the change to the keys topic it needs in the same
 * transaction: a new data key, a tombstone ({@code keyName} set, {@code key} null), or none
 * ({@code keyName} null). Lives only between processors.
 */
public record Protected(LedgerFact fact, String keyName, SubjectDataKey key) {

    public boolean changesKeys() {
        return keyName != null;
    }
}

package io.govstream.governance.gdpr;

import io.govstream.events.SubjectDataKey;
import io.govstream.ledger.LedgerFact;
import java.util.List;

/**
 * A fact ready for the ledger, with the changes to the keys topic it needs in the same
 * transaction: new data keys of the people it names for the first time, or the tombstone of an
 * erased one. Lives only between processors.
 */
public record Protected(LedgerFact fact, List<KeyChange> keyChanges) {

    /** One record of the keys topic: a new wrapped key, or a tombstone ({@code key} null). */
    public record KeyChange(String keyName, SubjectDataKey key) {
    }

    public Protected {
        keyChanges = List.copyOf(keyChanges);
    }

    public static Protected unchanged(LedgerFact fact) {
        return new Protected(fact, List.of());
    }
}

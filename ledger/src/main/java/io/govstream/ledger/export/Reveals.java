package io.govstream.ledger.export;

import io.govstream.ledger.gdpr.KeyRing;
import io.govstream.ledger.gdpr.PersonalFields;


/** How readers see personal fields. */
public final class Reveals {
    private Reveals() {
    }

    /** Decrypts with the keys a reader holds; fields whose key is gone read as erased. */
    public static ExportRow.Reveal with(KeyRing keys) {
        return (entry, payload) -> PersonalFields.decrypt(payload, ref -> keys.key(ref, entry.getPartition()));
    }
}

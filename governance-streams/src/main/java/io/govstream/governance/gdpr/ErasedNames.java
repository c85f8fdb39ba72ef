package io.govstream.governance.gdpr;

import io.govstream.policy.Identities;
import io.govstream.ledger.gdpr.PersonalFields;
import io.govstream.schemas.gdpr.SubjectRef;

/**
 * Names in state that outlives an erasure (open escalations, open deployment gates): which ones
 * are the erased person's, and what takes their place. An erasure carries only the person's
 * pseudonym, so a stored name is theirs when its pseudonym, as written or in the form governance
 * compares ({@link Identities#normalised}), is the erased one.
 */
public final class ErasedNames {
    private ErasedNames() {
    }

    /** Whether {@code name} is the person with pseudonym {@code ref}. */
    public static boolean names(String name, String ref) {
        return name != null && !PersonalFields.isErased(name)
                && (SubjectRef.of(name).equals(ref) || SubjectRef.of(Identities.normalised(name)).equals(ref));
    }

    /**
     * What replaces the erased {@code name}: the pseudonym of its comparable form, so a counted
     * vote still counts once and is still theirs ({@link Identities#same}), and no name is kept.
     */
    public static String replacement(String name) {
        return SubjectRef.erasedPerson(Identities.key(name));
    }
}

package io.govstream.policy;

import io.govstream.schemas.gdpr.SubjectRef;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one form of a person's name that governance compares: "Alice", " alice" and "ａｌｉｃｅ"
 * (full-width) are one person, so no one can vote twice, or approve their own request, by writing
 * their name differently. Unicode NFKC folds compatibility forms, then surrounding blanks go and
 * the name is lower-cased with the root locale (no Turkish-i surprises). Names are shown as given;
 * only comparisons use this form.
 */
public final class Identities {
    private Identities() {
    }

    /** The comparable form of {@code name}; null stays null. */
    public static String normalised(String name) {
        return name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether two names are the same person's. A name erased from state in place
     * ({@link SubjectRef#erasedPerson}) is the person whose name, as written or in its
     * comparable form, has that pseudonym.
     */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        java.util.Optional<String> erasedA = SubjectRef.erasedRef(a);
        java.util.Optional<String> erasedB = SubjectRef.erasedRef(b);
        if (erasedA.isPresent() || erasedB.isPresent()) {
            return erasedA.isPresent() && erasedB.isPresent() ? erasedA.equals(erasedB)
                    : erasedA.map(ref -> named(ref, b)).orElseGet(() -> named(erasedB.get(), a));
        }
        return normalised(a).equals(normalised(b));
    }

    /** One key per person, for sets of who has voted: equal keys are {@link #same} people. */
    public static String key(String name) {
        return SubjectRef.erasedRef(name).orElseGet(() -> SubjectRef.of(normalised(name)));
    }

    /** Whether {@code name} is the person with pseudonym {@code ref}. */
    private static boolean named(String ref, String name) {
        return SubjectRef.of(name).equals(ref) || SubjectRef.of(normalised(name)).equals(ref);
    }
}

package io.govstream.governance.identity;

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
        if (name == null) {
            return null;
        }
        return Normalizer.normalize(name, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** Whether two names are the same person's. */
    public static boolean same(String a, String b) {
        return a != null && b != null && normalised(a).equals(normalised(b));
    }
}

package io.govstream.governance.flags;

import java.util.regex.Pattern;

/**
 * Which flag names are valid: a letter or {@code _}, then letters, digits or {@code _}, at most
 * {@value #MAX_LENGTH} characters, so a condition can read every flag as {@code flags.<name>}.
 */
public final class FlagNames {
    public static final int MAX_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private FlagNames() {
    }

    /** Why {@code name} is not a valid flag name, or null if it is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a flag name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "flag name '" + name + "' is longer than " + MAX_LENGTH + " characters";
        }
        if (!NAME.matcher(name).matches()) {
            return "invalid flag name '" + name + "': use a letter or _, then letters, digits or _ (policies read it as flags."
                    + "<name>)";
        }
        return null;
    }

    /** The ledger subject key of a flag's changes. */
    public static String subjectKey(String name) {
        return "flag/" + name;
    }
}

package io.govstream.policy;

import java.util.List;
import java.util.Optional;

/** The release path, in order. Promotions go one step along it, never further. */
public final class Environments {
    public static final List<String> ORDER = List.of("dev", "staging", "production", "production-pci");

    private Environments() {
    }

    public static boolean known(String environment) {
        return ORDER.contains(environment);
    }

    /** Whether {@code to} directly follows {@code from}. */
    public static boolean adjacent(String from, String to) {
        return after(from).filter(next -> next.equals(to)).isPresent();
    }

    /** The environment a version in {@code environment} is promoted to, if any. */
    public static Optional<String> after(String environment) {
        int i = ORDER.indexOf(environment);
        return i >= 0 && i + 1 < ORDER.size() ? Optional.of(ORDER.get(i + 1)) : Optional.empty();
    }

    /** The environment a version is promoted to {@code environment} from, if any. */
    public static Optional<String> before(String environment) {
        int i = ORDER.indexOf(environment);
        return i > 0 ? Optional.of(ORDER.get(i - 1)) : Optional.empty();
    }
}

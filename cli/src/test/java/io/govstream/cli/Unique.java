package io.govstream.cli;

import java.util.UUID;

/** Names no other test on a shared platform uses: tenants, subjects, policy set ids, services. */
public final class Unique {
    private Unique() {
    }

    /** {@code prefix-} and eight lower-case hex digits: a valid tenant, policy set id or subject. */
    public static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

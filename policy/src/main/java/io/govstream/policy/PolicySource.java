package io.govstream.policy;

import java.util.Objects;

/**
 * Where the topology gets the policy set in force. Asked once per request, so an implementation
 * that reloads (from a file, from the policies topic) changes decisions without a restart.
 */
@FunctionalInterface
public interface PolicySource {

    PolicySet current();

    /** Always the same policy set. */
    static PolicySource fixed(PolicySet policySet) {
        Objects.requireNonNull(policySet, "policySet");
        return () -> policySet;
    }
}

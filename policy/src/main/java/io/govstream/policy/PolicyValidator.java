package io.govstream.policy;

import java.util.List;

/**
 * Validates a policy document the way a publication does: parses it, checks every key and value,
 * and type-checks every CEL condition against the declared variables (request, now, and the
 * extensions' state and flags). Conditions are compiled here, once; never at decision time.
 */
public final class PolicyValidator {
    private final PolicyEnvironment environment = PolicyEnvironment.standard();

    /** Every problem of the document (file, line, rule id, message), empty if it is valid. */
    public List<PolicyProblem> validate(String yaml, String origin) {
        return PolicyLoader.problems(yaml, origin, environment);
    }
}

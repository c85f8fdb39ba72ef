package io.govstream.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Validates a policy document the way a publication does: parses it, checks every key and value,
 * and type-checks every CEL condition against the declared variables (request, now, and the
 * extensions' state and flags). Conditions are compiled here, once; never at decision time.
 */
public final class PolicyValidator {
    private final PolicyEnvironment environment;

    public PolicyValidator(PolicyEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public PolicyValidator() {
        this(PolicyEnvironment.standard());
    }

    /** Every problem of the document (file, line, rule id, message), empty if it is valid. */
    public List<PolicyProblem> validate(String yaml, String origin) {
        return PolicyLoader.problems(yaml, origin, environment);
    }

    public List<PolicyProblem> validate(Path file) {
        try {
            return validate(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            return List.of(new PolicyProblem(file.toString(), 0, null, "cannot read: " + e.getMessage()));
        }
    }

    /** The set, compiled; throws with every problem if it is not valid. */
    public PolicySet load(String yaml, String origin) {
        return PolicyLoader.parse(yaml, origin, environment);
    }

    public PolicyEnvironment environment() {
        return environment;
    }
}

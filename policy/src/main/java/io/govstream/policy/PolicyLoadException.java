package io.govstream.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy document that cannot be used, with where and what is wrong. */
public final class PolicyLoadException extends RuntimeException {
    private final List<PolicyProblem> problems;

    public PolicyLoadException(String message) {
        super(message);
        this.problems = List.of();
    }

    public PolicyLoadException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    public PolicyLoadException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in document order; empty when the message is all there is. */
    public List<PolicyProblem> problems() {
        return problems;
    }
}

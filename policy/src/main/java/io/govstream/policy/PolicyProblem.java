package io.govstream.policy;

/**
 * One thing wrong with a policy document: where (origin, 1-based line; 0 if unknown), which rule
 * (null for the set itself) and what.
 */
public record PolicyProblem(String origin, int line, String ruleId, String message) {

    @Override
    public String toString() {
        return origin + (line > 0 ? ":" + line : "") + ": " + (ruleId != null ? "rule '" + ruleId + "': " : "") + message;
    }
}

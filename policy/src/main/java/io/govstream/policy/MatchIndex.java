package io.govstream.policy;

import java.util.Set;
import java.util.SortedSet;

/**
 * A {@link RuleMatch} prepared for evaluation: what it accepts, but a one-value field is a string
 * comparison and a larger one a hash lookup, instead of a search in the sorted set the policy model
 * keeps (for its canonical form). With a hundred rules most of a
 * decision was spent there (docs/benchmarks.md).
 */
record MatchIndex(Field sources, Field targets, Field intents, Field tenants, Field dataClasses, Field environments) {

    MatchIndex(RuleMatch match) {
        this(Field.of(match.sources()), Field.of(match.targets()), Field.of(match.intents()), Field.of(match.tenants()),
                Field.of(match.dataClasses()), Field.of(match.environments()));
    }

    boolean matches(PolicyInput input) {
        return sources.accepts(input.source()) && targets.accepts(input.target()) && intents.accepts(input.intent())
                && tenants.accepts(input.tenant()) && dataClasses.accepts(input.dataClass())
                && environments.accepts(input.environment());
    }

    /** One field: any value (null set), exactly one value, or one of several. */
    record Field(boolean any, String single, Set<String> several) {
        private static final Field ANY = new Field(true, null, null);

        static Field of(SortedSet<String> values) {
            if (values == null) {
                return ANY;
            }
            return values.size() == 1 ? new Field(false, values.first(), null) : new Field(false, null, Set.copyOf(values));
        }

        boolean accepts(String value) {
            if (any) {
                return true;
            }
            return value != null && (single != null ? single.equals(value) : several.contains(value));
        }
    }
}

package io.govstream.governance.policy;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which requests a rule applies to. Each field is a set of accepted values, or null for any
 * value ("*" or absent in YAML). Values match exactly, case included.
 */
public record RuleMatch(SortedSet<String> sources, SortedSet<String> targets, SortedSet<String> intents, SortedSet<String> tenants) {

    public static final RuleMatch ANY = new RuleMatch(null, null, null, null);

    public RuleMatch {
        sources = copy(sources);
        targets = copy(targets);
        intents = copy(intents);
        tenants = copy(tenants);
    }

    public boolean matches(PolicyInput input) {
        return accepts(sources, input.source()) && accepts(targets, input.target())
                && accepts(intents, input.intent()) && accepts(tenants, input.tenant());
    }

    /** Canonical text of one field: "*" or the sorted values, for the policy content hash. */
    static String canonical(Set<String> values) {
        return values == null ? "*" : String.join(",", values);
    }

    private static boolean accepts(Set<String> values, String value) {
        return values == null || values.contains(value);
    }

    private static SortedSet<String> copy(SortedSet<String> values) {
        return values == null ? null : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }
}

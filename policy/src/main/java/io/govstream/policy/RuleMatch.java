package io.govstream.policy;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which requests a rule applies to ({@link MatchIndex} decides it). Each field is a set of accepted values, or null for any
 * value ("*" or absent in YAML). Values match exactly, case included. {@code dataClasses} and
 * {@code environments} read the request attributes {@code dataClass} and {@code environment}; a
 * request without the attribute does not match a rule that names values for it.
 */
public record RuleMatch(SortedSet<String> sources, SortedSet<String> targets, SortedSet<String> intents, SortedSet<String> tenants,
                        SortedSet<String> dataClasses, SortedSet<String> environments) {

    public static final RuleMatch ANY = new RuleMatch(null, null, null, null, null, null);

    public RuleMatch {
        sources = copy(sources);
        targets = copy(targets);
        intents = copy(intents);
        tenants = copy(tenants);
        dataClasses = copy(dataClasses);
        environments = copy(environments);
    }

    /** Canonical text of one field: "*" or the sorted values, for the policy content hash. */
    static String canonical(Set<String> values) {
        return values == null ? "*" : String.join(",", values);
    }

    private static SortedSet<String> copy(SortedSet<String> values) {
        return values == null ? null : Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }
}

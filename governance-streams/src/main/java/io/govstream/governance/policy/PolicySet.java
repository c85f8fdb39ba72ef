package io.govstream.governance.policy;

import io.govstream.events.Effect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A versioned, ordered set of rules. The first matching rule decides; when none matches the
 * request is denied (invariant 1, default deny).
 */
public final class PolicySet {
    private final String id;
    private final String version;
    private final String description;
    private final Effect defaultEffect;
    private final List<PolicyRule> rules;
    private final String contentHash;

    public PolicySet(String id, String version, String description, Effect defaultEffect, List<PolicyRule> rules) {
        this.id = Objects.requireNonNull(id, "id");
        this.version = Objects.requireNonNull(version, "version");
        this.description = description == null ? "" : description;
        this.defaultEffect = Objects.requireNonNull(defaultEffect, "defaultEffect");
        if (defaultEffect != Effect.DENY) {
            throw new IllegalArgumentException("defaultEffect must be DENY, was " + defaultEffect);
        }
        this.rules = List.copyOf(rules);
        this.contentHash = "sha256:" + HexFormat.of().formatHex(sha256(canonicalForm()));
    }

    public Verdict evaluate(PolicyInput input) {
        for (PolicyRule rule : rules) {
            if (rule.matches(input)) {
                return rule.verdict(input);
            }
        }
        return new Verdict(defaultEffect, Verdict.DEFAULT_DENY, "no rule of policy set " + id + " v" + version
                + " matched source=" + input.source() + " target=" + input.target() + " intent=" + input.intent()
                + " tenant=" + input.tenant() + ": denied by default");
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    public Effect defaultEffect() {
        return defaultEffect;
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    /** "sha256:" + hex of the canonical form: the same for the same content however the YAML is laid out. */
    public String contentHash() {
        return contentHash;
    }

    /**
     * Version 1 of the canonical form: every value length-prefixed ({@code <utf8 length>:<value>\n}),
     * rules in their (meaningful) order, match values sorted (their order means nothing).
     */
    public String canonicalForm() {
        StringBuilder out = new StringBuilder();
        field(out, "govstream-policy-v1");
        field(out, id);
        field(out, version);
        field(out, description);
        field(out, defaultEffect.name());
        field(out, Integer.toString(rules.size()));
        for (PolicyRule rule : rules) {
            field(out, rule.id());
            field(out, rule.effect().name());
            field(out, RuleMatch.canonical(rule.match().sources()));
            field(out, RuleMatch.canonical(rule.match().targets()));
            field(out, RuleMatch.canonical(rule.match().intents()));
            field(out, RuleMatch.canonical(rule.match().tenants()));
            field(out, rule.reason().text());
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String value) {
        out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append('\n');
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return "PolicySet[" + id + " v" + version + ", " + rules.size() + " rules, " + contentHash + "]";
    }
}

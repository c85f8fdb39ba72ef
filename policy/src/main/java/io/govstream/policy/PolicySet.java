package io.govstream.policy;

import io.govstream.events.Effect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A versioned, ordered set of rules, global or scoped to one tenant. The first rule whose match
 * accepts the request and whose condition holds decides; when none does the request is denied
 * (invariant 1, default deny).
 *
 * <p>A condition that fails at run time (a missing map key, a type mismatch on a {@code dyn}
 * value, an overflow) fails closed: the request is denied, naming the rule and the error. It
 * does not fall through to later rules, which could permit what the failed rule was there to stop.
 */
public final class PolicySet {
    /** Tenant scope of a global set, in keys and messages. */
    public static final String GLOBAL = "*";
    /** {@code kind} of a set that decides dispatch requests (the default). */
    public static final String DISPATCH = "dispatch";
    /** {@code kind} of a set that gates deployment promotions (package {@code deployment}). */
    public static final String PROMOTION = "promotion";

    private final String id;
    private final String version;
    private final String tenant;
    private final String description;
    private final Effect defaultEffect;
    private final List<PolicyRule> rules;
    private final List<MatchIndex> matches;
    private final String contentHash;
    private final String kind;

    /** @param kind {@link #DISPATCH} or {@link #PROMOTION} */
    public PolicySet(String id, String version, String tenant, String description, Effect defaultEffect, List<PolicyRule> rules,
                     String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (!DISPATCH.equals(kind) && !PROMOTION.equals(kind)) {
            throw new IllegalArgumentException("kind must be " + DISPATCH + " or " + PROMOTION + ", was " + kind);
        }
        this.id = Objects.requireNonNull(id, "id");
        this.version = Objects.requireNonNull(version, "version");
        this.tenant = tenant == null || tenant.isBlank() || GLOBAL.equals(tenant) ? null : tenant;
        this.description = description == null ? "" : description;
        this.defaultEffect = Objects.requireNonNull(defaultEffect, "defaultEffect");
        if (defaultEffect != Effect.DENY) {
            throw new IllegalArgumentException("defaultEffect must be DENY, was " + defaultEffect);
        }
        this.rules = List.copyOf(rules);
        this.matches = this.rules.stream().map(rule -> new MatchIndex(rule.match())).toList();
        this.contentHash = "sha256:" + HexFormat.of().formatHex(sha256(canonicalForm()));
    }

    /** The same set under another version (the version a publication assigned); the hash follows. */
    public PolicySet withVersion(String newVersion) {
        return newVersion.equals(version) ? this : new PolicySet(id, newVersion, tenant, description, defaultEffect, rules, kind);
    }

    /** Evaluates with the platform's variables only: {@code now} is the current time, no state, no flags. */
    public Verdict evaluate(PolicyInput input) {
        return evaluate(PolicyContext.of(input, Instant.now()));
    }

    public Verdict evaluate(PolicyContext context) {
        PolicyInput input = context.request();
        if (tenant != null && !tenant.equals(input.tenant())) {
            // Defence in depth: the resolver never hands a tenant another tenant's set, but if it did, no rule may match.
            return new Verdict(defaultEffect, Verdict.DEFAULT_DENY, "policy set " + id + " v" + version + " is scoped to tenant "
                    + tenant + ", not " + input.tenant() + ": denied by default");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (!matches.get(i).matches(input)) {
                continue;
            }
            PolicyRule rule = rules.get(i);
            if (rule.when() != null) {
                boolean holds;
                try {
                    holds = rule.when().test(context);
                } catch (Condition.LimitExceeded e) {
                    return new Verdict(Effect.DENY, Verdict.EVALUATION_LIMIT, "condition of rule '" + rule.id() + "' in policy set "
                            + id + " v" + version + " exceeded the evaluation limit (" + e.getMessage() + "): denied");
                } catch (Condition.ConditionException e) {
                    return new Verdict(Effect.DENY, rule.id(), "condition of rule '" + rule.id() + "' in policy set " + id + " v"
                            + version + " could not be evaluated (" + e.getMessage() + "): denied, failing closed");
                }
                if (!holds) {
                    continue;
                }
            }
            return rule.verdict(input);
        }
        return new Verdict(defaultEffect, Verdict.DEFAULT_DENY, "no rule of policy set " + id + " v" + version
                + " matched source=" + input.source() + " target=" + input.target() + " intent=" + input.intent()
                + " tenant=" + input.tenant() + ": denied by default");
    }

    public String id() {
        return id;
    }

    /** {@link #DISPATCH} or {@link #PROMOTION}. */
    public String kind() {
        return kind;
    }

    public boolean isPromotion() {
        return PROMOTION.equals(kind);
    }

    public String version() {
        return version;
    }

    /** The tenant this set is scoped to, or null for a global set. */
    public String tenant() {
        return tenant;
    }

    /** The tenant, or {@link #GLOBAL}. */
    public String scope() {
        return tenant == null ? GLOBAL : tenant;
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    /** "sha256:" + hex of the canonical form: the same for the same content however the YAML is laid out. */
    public String contentHash() {
        return contentHash;
    }

    /**
     * Version 2 of the canonical form: every value length-prefixed ({@code <utf8 length>:<value>\n}),
     * rules in their (meaningful) order, match values sorted (their order means nothing), the
     * condition as written, obligations in a fixed order. A promotion set adds its kind right
     * after the tag (dispatch sets hash as they always did).
     */
    public String canonicalForm() {
        StringBuilder out = new StringBuilder();
        field(out, "govstream-policy-v2");
        if (isPromotion()) {
            field(out, "kind=" + kind);
        }
        field(out, id);
        field(out, version);
        field(out, scope());
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
            field(out, RuleMatch.canonical(rule.match().dataClasses()));
            field(out, RuleMatch.canonical(rule.match().environments()));
            field(out, rule.when() == null ? "" : rule.when().expression());
            field(out, rule.reason().text());
            field(out, rule.obligations().canonical());
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
        return "PolicySet[" + id + " v" + version + " " + scope() + ", " + rules.size() + " rules, " + contentHash + "]";
    }
}

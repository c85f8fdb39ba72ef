package io.govstream.policy;

import io.govstream.events.Effect;
import java.util.Objects;

/**
 * One rule: if a request matches and its condition holds, this rule decides with its effect and
 * reason.
 *
 * @param when        the CEL condition, or null for none (the match alone decides)
 * @param obligations what an ESCALATE rule requires (approvals, timeout)
 * @param line        1-based line of the rule in its document, 0 if unknown; not part of the content
 */
public record PolicyRule(String id, RuleMatch match, Condition when, Effect effect, ReasonTemplate reason, Obligations obligations,
                         int line) {

    public PolicyRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(reason, "reason");
        obligations = obligations == null ? Obligations.NONE : obligations;
        if (effect == Effect.PENDING) {
            throw new IllegalArgumentException("rule '" + id + "': PENDING is not a rule effect");
        }
    }

    public Verdict verdict(PolicyInput input) {
        return new Verdict(effect, id, reason.render(input), obligations);
    }
}

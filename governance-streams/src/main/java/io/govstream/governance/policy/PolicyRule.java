package io.govstream.governance.policy;

import io.govstream.events.Effect;
import java.util.Objects;

/** One rule: if a request matches, this rule decides with its effect and reason. */
public record PolicyRule(String id, RuleMatch match, Effect effect, ReasonTemplate reason) {

    public PolicyRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean matches(PolicyInput input) {
        return match.matches(input);
    }

    public Verdict verdict(PolicyInput input) {
        return new Verdict(effect, id, reason.render(input));
    }
}

package io.govstream.governance.policy;

import io.govstream.events.Effect;
import java.util.Objects;

/** What a policy set (or validation) concluded: the effect, the rule that decided, and why. */
public record Verdict(Effect effect, String ruleId, String reason) {

    /** Rule id of decisions no rule matched. */
    public static final String DEFAULT_DENY = "default-deny";
    /** Rule id of decisions on requests that failed validation. */
    public static final String VALIDATION = "validation";

    public Verdict {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(reason, "reason");
    }
}

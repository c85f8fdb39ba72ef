package io.govstream.policy;

import io.govstream.events.Effect;
import java.util.Objects;

/**
 * What a policy set (or validation) concluded: the effect, the rule that decided, why, and what
 * the deciding rule obliges (escalation approvals), for whoever enforces it.
 */
public record Verdict(Effect effect, String ruleId, String reason, Obligations obligations) {

    /** Rule id of decisions no rule matched. */
    public static final String DEFAULT_DENY = "default-deny";
    /** Rule id of decisions on requests that failed validation. */
    public static final String VALIDATION = "validation";
    /** Rule id of decisions on requests older than the maximum request age when decided. */
    public static final String MAX_AGE = "max-age";
    /** Rule id of decisions on requests whose correlation id another request already holds. */
    public static final String CORRELATION_ID_TAKEN = "correlation-id-taken";
    /** Rule id of decisions whose condition was stopped at the evaluation cost limit ({@link CostLimits#evaluation()}). */
    public static final String EVALUATION_LIMIT = "evaluation-limit";

    public Verdict {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(reason, "reason");
        obligations = obligations == null ? Obligations.NONE : obligations;
    }

    public Verdict(Effect effect, String ruleId, String reason) {
        this(effect, ruleId, reason, Obligations.NONE);
    }
}

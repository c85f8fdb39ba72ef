package io.govstream.policy;

import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Objects;

/**
 * A rule's {@code when}: a type-checked CEL expression compiled once into a program, evaluated
 * under a cost limit ({@link CostMeter}).
 */
public final class Condition {
    private final String expression;
    private final CelRuntime.Program program;
    private final long costLimit;

    Condition(String expression, CelRuntime.Program program, long costLimit) {
        this.expression = Objects.requireNonNull(expression, "expression");
        this.program = Objects.requireNonNull(program, "program");
        this.costLimit = costLimit;
    }

    /**
     * @throws LimitExceeded       if the evaluation costs more than the limit
     * @throws ConditionException if the expression fails at run time (e.g. a missing map key)
     */
    public boolean test(PolicyContext context) {
        CostMeter meter = new CostMeter(costLimit);
        Object result;
        try {
            result = program.trace(context, meter);
        } catch (CelEvaluationException | RuntimeException e) {
            if (meter.exceeded() || e instanceof CelEvaluationException cel && cel.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
                throw new LimitExceeded(costLimit);
            }
            throw new ConditionException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        if (meter.exceeded()) {
            throw new LimitExceeded(costLimit); // stopped inside || or &&, whose other side decided
        }
        return Boolean.TRUE.equals(result);
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    /** A condition that could not be evaluated for a request. */
    public static class ConditionException extends RuntimeException {
        ConditionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A condition whose evaluation was stopped at the cost limit. */
    public static final class LimitExceeded extends ConditionException {
        LimitExceeded(long limit) {
            super("cost above " + limit, null);
        }
    }
}

package io.govstream.governance.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Objects;

/** A rule's {@code when}: a type-checked CEL expression compiled once into a program. */
public final class Condition {
    private final String expression;
    private final CelRuntime.Program program;

    Condition(String expression, CelRuntime.Program program) {
        this.expression = Objects.requireNonNull(expression, "expression");
        this.program = Objects.requireNonNull(program, "program");
    }

    /** @throws ConditionException if the expression fails at run time (e.g. a missing map key) */
    public boolean test(PolicyContext context) {
        try {
            return Boolean.TRUE.equals(program.eval(context));
        } catch (CelEvaluationException | RuntimeException e) {
            throw new ConditionException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    /** A condition that could not be evaluated for a request. */
    public static final class ConditionException extends RuntimeException {
        ConditionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

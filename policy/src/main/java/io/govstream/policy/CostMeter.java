package io.govstream.policy;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.HashMap;
import java.util.Map;

/**
 * Meters one evaluation of a condition in the units of {@link ConditionCost}, and stops it once it
 * costs more than the limit. CEL calls it after each expression node is evaluated, so the work
 * between two calls is a single operation on values the meter has already charged for.
 *
 * <p>Stopping throws from the listener; CEL turns that into an evaluation error, which {@code ||} and
 * {@code &&} may absorb when their other side decides. The meter remembers that it stopped, and
 * every node evaluated after that throws again, so the rest of the evaluation unwinds at once and
 * {@link Condition} denies whatever the expression returned.
 */
final class CostMeter implements CelEvaluationListener {
    private final long limit;
    /** The size of the last value of each node, to charge a call for its arguments. */
    private final Map<Long, Long> sizes = new HashMap<>();
    private long cost;
    private boolean exceeded;

    CostMeter(long limit) {
        this.limit = limit;
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        if (exceeded) {
            throw new Exceeded();
        }
        long size = ConditionCost.size(value);
        long charge = 1;
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && ConditionCost.walks(expr.call().function())) {
            charge += size;
            for (CelExpr arg : ConditionCost.arguments(expr.call())) {
                if (!ConditionCost.isAccumulator(arg)) {
                    charge += sizes.getOrDefault(arg.id(), 0L);
                }
            }
        }
        if (size > 0) {
            sizes.put(expr.id(), size);
        } else {
            sizes.remove(expr.id());
        }
        cost += charge;
        if (cost > limit) {
            exceeded = true;
            throw new Exceeded();
        }
    }

    boolean exceeded() {
        return exceeded;
    }

    /** Unwinds the evaluation; never leaves {@link Condition}. */
    static final class Exceeded extends RuntimeException {
        Exceeded() {
            super("evaluation cost limit exceeded", null, false, false);
        }
    }
}

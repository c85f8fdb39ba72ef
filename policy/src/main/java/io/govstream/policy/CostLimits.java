package io.govstream.policy;

/**
 * How costly a condition may be, in the units of {@link ConditionCost}: one per evaluated
 * expression node, plus the size of what a call walks (one per list or map element, one per ten
 * characters).
 *
 * @param estimated  the most a condition may cost on the largest request (64 KiB payload), estimated
 *                   when a set is validated, published or loaded; a condition over it is refused
 * @param evaluation the most one evaluation of a condition may cost; past it the evaluation stops and
 *                   the request is denied with rule {@link Verdict#EVALUATION_LIMIT}
 */
public record CostLimits(long estimated, long evaluation) {
    /**
     * One pass over the largest payload's elements (32,768) with a body of about 30 nodes fits; a
     * second pass inside it, or a walk of the payload inside it, does not. One million units take
     * well under a second to evaluate.
     */
    public static final CostLimits DEFAULTS = new CostLimits(1_000_000, 1_000_000);

    public CostLimits {
        if (estimated < 1 || evaluation < 1) {
            throw new IllegalArgumentException("cost limits must be >= 1, were " + estimated + " and " + evaluation);
        }
    }
}

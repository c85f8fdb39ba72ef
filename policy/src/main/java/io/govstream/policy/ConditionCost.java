package io.govstream.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.values.CelByteString;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cost model of conditions, and the estimate of a condition's cost on the largest request.
 *
 * <p>Units: every evaluated expression node costs 1; a call that walks its arguments (comparison,
 * {@code in}, {@code +}, {@code contains}, {@code matches}, conversions, ...) also costs the size of
 * its arguments and of its result: one per list or map element, one per {@value #CHARS_PER_UNIT}
 * characters. Calls that do not walk ({@code size}, indexing, the logical operators, optional values)
 * cost 1. The estimate and {@link CostMeter} charge the same way, the estimate with the largest
 * sizes a valid request can have, the meter with the actual ones.
 *
 * <p>dev.cel (cel-java) offers no cost estimator and no run-time cost tracking, only a cap on
 * comprehension iterations; hence this model, after cel-go's ({@code checker.CostEstimator}).
 */
public final class ConditionCost {
    /** What {@code DispatchValidator} lets through; a test keeps the two equal. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final int CHARS_PER_UNIT = 10;
    /** Elements a payload can hold: {@code [0,0,…]} takes two bytes per element. */
    static final long PAYLOAD_ELEMENTS = MAX_PAYLOAD_BYTES / 2;
    static final long PAYLOAD_TEXT = MAX_PAYLOAD_BYTES / CHARS_PER_UNIT;
    /** Attributes: at most 32 entries of at most 1,024 characters (the larger of the two). */
    static final long ATTRIBUTES = 1024 / CHARS_PER_UNIT;
    /** Names (source, target, intent, subject, tenant): at most 200 characters. */
    static final long NAME = 200 / CHARS_PER_UNIT;

    /** Calls whose cost does not grow with their arguments. */
    private static final Set<String> CONSTANT_TIME = Set.of("size", "_[_]", "_[?_]", "_?._", "_?_:_", "_&&_", "_||_", "!_",
            "@not_strictly_false", "or", "orValue", "value", "hasValue", "optional.of", "optional.ofNonZeroValue",
            "optional.none");

    private ConditionCost() {
    }

    /** The size of a value in cost units. */
    static long size(Object value) {
        if (value instanceof String s) {
            return s.length() / CHARS_PER_UNIT;
        }
        if (value instanceof Collection<?> c) {
            return c.size();
        }
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        if (value instanceof CelByteString b) {
            return b.size() / CHARS_PER_UNIT;
        }
        return 0;
    }

    /** Whether a call to {@code function} costs the size of its arguments and result. */
    static boolean walks(String function) {
        return !CONSTANT_TIME.contains(function);
    }

    /**
     * A comprehension's accumulator: {@code map} and {@code filter} append to it, which the runtime
     * does in constant time (a list view), so it is not charged as an argument.
     */
    static boolean isAccumulator(CelExpr arg) {
        if (arg.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return false;
        }
        String name = arg.ident().name();
        return name.equals("@result") || name.equals("__result__");
    }

    static List<CelExpr> arguments(CelExpr.CelCall call) {
        if (call.target().isEmpty()) {
            return call.args();
        }
        return Stream.concat(call.target().stream(), call.args().stream()).toList();
    }

    /** The estimated cost of a checked condition, and the comprehension that costs the most (or the root). */
    static Estimate estimate(CelAbstractSyntaxTree ast, Map<String, CelType> variables) {
        Estimator estimator = new Estimator(ast, variables);
        Node root = estimator.visit(ast.getExpr(), Map.of());
        return new Estimate(root.cost, estimator.costliest == null ? ast.getExpr().id() : estimator.costliest.id());
    }

    /** @param exprId the node to point at when the estimate is too high: the outermost, costliest comprehension */
    record Estimate(long cost, long exprId) {
    }

    /**
     * @param size  what walking the value costs (elements, or characters / {@value #CHARS_PER_UNIT})
     * @param total the most the sizes of everything inside the value add up to: a 64 KiB payload holds
     *              at most 32,768 elements however they are nested
     */
    private record Node(long cost, long size, long total) {
        Node(long cost, long size) {
            this(cost, size, size);
        }

        long largest() {
            return Math.max(size, total);
        }
    }

    /**
     * Worst-case sizes, with one refinement: the elements of a range are disjoint parts of it, so a
     * comprehension costs {@code n * body(empty element) + body(element holding everything) -
     * body(empty element)}. That is an upper bound whenever the body's cost grows at least linearly
     * with its element (the cost of a part is at most its share), and keeps a pass over nested
     * request data ({@code orders.all(o, o.items.all(i, ...))}) linear, while a second pass over the
     * whole range inside the first stays quadratic.
     */
    private static final class Estimator {
        private final CelAbstractSyntaxTree ast;
        private final Map<String, CelType> variables;
        private CelExpr costliest;
        private long costliestCost = -1;

        Estimator(CelAbstractSyntaxTree ast, Map<String, CelType> variables) {
            this.ast = ast;
            this.variables = variables;
        }

        Node visit(CelExpr e, Map<String, Node> locals) {
            return switch (e.getKind()) {
                case CONSTANT -> new Node(1, switch (e.constant().getKind()) {
                    case STRING_VALUE -> e.constant().stringValue().length() / CHARS_PER_UNIT;
                    case BYTES_VALUE -> e.constant().bytesValue().size() / CHARS_PER_UNIT;
                    default -> 0;
                });
                case IDENT -> {
                    Node local = locals.get(e.ident().name());
                    yield local != null ? local : variable(ast.getReference(e.id()).map(r -> r.name()).orElse(e.ident().name()));
                }
                case SELECT -> {
                    var reference = ast.getReference(e.id());
                    if (reference.isPresent() && variables.containsKey(reference.get().name())) {
                        yield variable(reference.get().name()); // request.payload: a qualified variable
                    }
                    Node operand = visit(e.select().operand(), locals);
                    long part = e.select().testOnly() ? 0 : operand.largest();
                    yield new Node(add(operand.cost, 1), part, part);
                }
                case CALL -> call(e, locals);
                case LIST -> literal(e.list().elements(), e.list().elements().size(), locals);
                case MAP -> literal(e.map().entries().stream().flatMap(entry -> Stream.of(entry.key(), entry.value())).toList(),
                        e.map().entries().size(), locals);
                case STRUCT -> {
                    long cost = 1;
                    for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
                        cost = add(cost, visit(entry.value(), locals).cost);
                    }
                    yield new Node(cost, e.struct().entries().size());
                }
                case COMPREHENSION -> comprehension(e, locals);
                default -> new Node(1, 0);
            };
        }

        /** A list or map of {@code size} elements: 1 plus what its parts (elements, or keys and values) cost, holding what they hold. */
        private Node literal(List<CelExpr> parts, long size, Map<String, Node> locals) {
            long cost = 1;
            long total = 0;
            for (CelExpr part : parts) {
                Node node = visit(part, locals);
                cost = add(cost, node.cost);
                total = add(total, node.largest());
            }
            return new Node(cost, size, total);
        }

        private Node call(CelExpr e, Map<String, Node> locals) {
            CelExpr.CelCall call = e.call();
            List<CelExpr> args = arguments(call);
            if (call.function().equals("_?_:_")) {
                Node condition = visit(args.get(0), locals);
                Node then = visit(args.get(1), locals);
                Node otherwise = visit(args.get(2), locals);
                return new Node(add(add(condition.cost, Math.max(then.cost, otherwise.cost)), 1), Math.max(then.size, otherwise.size),
                        Math.max(then.total, otherwise.total));
            }
            long cost = 1;
            long argumentSizes = 0;
            long largest = 0;
            long contents = 0;
            for (CelExpr arg : args) {
                Node node = visit(arg, locals);
                cost = add(cost, node.cost);
                largest = Math.max(largest, node.largest());
                contents = add(contents, node.largest());
                if (!isAccumulator(arg)) {
                    argumentSizes = add(argumentSizes, node.size);
                }
            }
            if (!walks(call.function())) {
                return scalar(e) ? new Node(cost, 0) : new Node(cost, largest, largest); // an element, or one of the arguments
            }
            return scalar(e) ? new Node(add(cost, argumentSizes), 0)
                    : new Node(add(cost, add(argumentSizes, argumentSizes)), argumentSizes, contents);
        }

        private Node comprehension(CelExpr e, Map<String, Node> locals) {
            CelExpr.CelComprehension c = e.comprehension();
            Node range = visit(c.iterRange(), locals);
            long iterations = range.size;
            Node init = visit(c.accuInit(), locals);
            Node accumulator = new Node(0, Math.max(iterations, init.size), add(range.total, init.total));
            long empty = body(c, locals, new Node(1, 0, 0), accumulator);
            long full = body(c, locals, new Node(1, range.total, range.total), accumulator);
            long loop = add(multiply(iterations, empty), Math.max(0, full - empty));
            Map<String, Node> after = new HashMap<>(locals);
            after.put(c.accuVar(), accumulator);
            Node result = visit(c.result(), after);
            long cost = add(add(add(range.cost, init.cost), loop), add(result.cost, 1));
            if (cost > costliestCost) {
                // Outer comprehensions cost more than those inside them, and are visited after them.
                costliest = e;
                costliestCost = cost;
            }
            return scalar(e) ? new Node(cost, 0) : new Node(cost, Math.max(iterations, init.size), accumulator.total);
        }

        /** One iteration: the loop condition and step, with the element given. */
        private long body(CelExpr.CelComprehension c, Map<String, Node> locals, Node element, Node accumulator) {
            Map<String, Node> inner = new HashMap<>(locals);
            inner.put(c.iterVar(), element);
            if (!c.iterVar2().isEmpty()) {
                inner.put(c.iterVar2(), element);
            }
            inner.put(c.accuVar(), accumulator);
            return add(visit(c.loopCondition(), inner).cost, visit(c.loopStep(), inner).cost);
        }

        private Node variable(String name) {
            return switch (name) {
                case PolicyEnvironment.REQUEST_PAYLOAD -> new Node(1, PAYLOAD_ELEMENTS);
                case PolicyEnvironment.REQUEST_PAYLOAD_TEXT -> new Node(1, PAYLOAD_TEXT);
                case PolicyEnvironment.REQUEST_ATTRIBUTES -> new Node(1, ATTRIBUTES, ATTRIBUTES * 32);
                case PolicyEnvironment.REQUEST_SOURCE, PolicyEnvironment.REQUEST_TARGET, PolicyEnvironment.REQUEST_INTENT,
                        PolicyEnvironment.REQUEST_SUBJECT, PolicyEnvironment.REQUEST_TENANT -> new Node(1, NAME);
                // Extension variables (flags, ...): nothing bounds them more tightly than a payload.
                default -> {
                    CelType type = variables.get(name);
                    yield new Node(1, type == null || isScalar(type) || type.kind() == CelKind.OPAQUE ? 0 : PAYLOAD_ELEMENTS);
                }
            };
        }

        private boolean scalar(CelExpr e) {
            return ast.getType(e.id()).map(ConditionCost::isScalar).orElse(false);
        }
    }

    private static boolean isScalar(CelType type) {
        return switch (type.kind()) {
            case BOOL, INT, UINT, DOUBLE, DURATION, TIMESTAMP, NULL_TYPE, TYPE -> true;
            default -> false;
        };
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long multiply(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}

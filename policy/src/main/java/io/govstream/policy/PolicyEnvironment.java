package io.govstream.policy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.CelVarDecl;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CEL environment of policy conditions: the platform's variables plus those of the
 * installed {@link PolicyExtension}s. Conditions are type-checked against it when a policy is
 * loaded or published, and must be boolean.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code request.source}, {@code .target}, {@code .intent}, {@code .subject}, {@code .tenant}</td><td>string</td></tr>
 *   <tr><td>{@code request.attributes}</td><td>map(string, string)</td></tr>
 *   <tr><td>{@code request.payload}</td><td>dyn: the payload JSON parsed (object → map, array → list, integer → int,
 *       other numbers → double); the raw text if it is not JSON</td></tr>
 *   <tr><td>{@code request.payloadText}</td><td>string: the payload as sent</td></tr>
 *   <tr><td>{@code now}</td><td>timestamp: the decision's wall-clock time</td></tr>
 *   <tr><td>{@code flags}</td><td>map(string, dyn), from {@link FlagsExtension}</td></tr>
 *   <tr><td>{@code state}</td><td>govstream.State, from {@link StateExtension}: {@code rate(w)}, {@code today()}, {@code recentDenials(w)}</td></tr>
 * </table>
 */
public final class PolicyEnvironment {
    public static final String REQUEST_SOURCE = "request.source";
    public static final String REQUEST_TARGET = "request.target";
    public static final String REQUEST_INTENT = "request.intent";
    public static final String REQUEST_SUBJECT = "request.subject";
    public static final String REQUEST_TENANT = "request.tenant";
    public static final String REQUEST_ATTRIBUTES = "request.attributes";
    public static final String REQUEST_PAYLOAD = "request.payload";
    public static final String REQUEST_PAYLOAD_TEXT = "request.payloadText";
    public static final String NOW = "now";

    private static final PolicyEnvironment STANDARD = new PolicyEnvironment(
            List.of(FlagsExtension.INSTANCE, StateExtension.INSTANCE));

    private final List<PolicyExtension> extensions;
    private final CostLimits limits;
    private final Map<String, CelType> variables;
    private final Cel cel;
    private final Map<String, Object> neutralValues;

    public PolicyEnvironment(List<PolicyExtension> extensions) {
        this(extensions, CostLimits.DEFAULTS);
    }

    public PolicyEnvironment(List<PolicyExtension> extensions, CostLimits limits) {
        this.extensions = List.copyOf(extensions);
        this.limits = Objects.requireNonNull(limits, "limits");
        Map<String, CelType> vars = new LinkedHashMap<>();
        for (String name : List.of(REQUEST_SOURCE, REQUEST_TARGET, REQUEST_INTENT, REQUEST_SUBJECT, REQUEST_TENANT, REQUEST_PAYLOAD_TEXT)) {
            vars.put(name, SimpleType.STRING);
        }
        vars.put(REQUEST_ATTRIBUTES, MapType.create(SimpleType.STRING, SimpleType.STRING));
        vars.put(REQUEST_PAYLOAD, SimpleType.DYN);
        vars.put(NOW, SimpleType.TIMESTAMP);
        CelBuilder builder = CelFactory.standardCelBuilder()
                .setOptions(CelOptions.current()
                        .evaluateCanonicalTypesToNativeValues(true) // java.time and plain Java values, not protobuf
                        .enableHeterogeneousNumericComparisons(true) // payload.amount > 100 whether amount is int or double
                        // A backstop: CostMeter stops an evaluation first (every iteration costs at least 1).
                        .comprehensionMaxIterations((int) Math.min(Integer.MAX_VALUE, limits.evaluation()))
                        .build())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                // Optional values: flags.?name.orValue(default) reads a flag that may not be set.
                .addCompilerLibraries(CelOptionalLibrary.INSTANCE)
                .addRuntimeLibraries(CelOptionalLibrary.INSTANCE)
                .setResultType(SimpleType.BOOL);
        for (PolicyExtension extension : this.extensions) {
            for (CelVarDecl var : extension.variables()) {
                if (vars.putIfAbsent(var.name(), var.type()) != null) {
                    throw new IllegalArgumentException("variable '" + var.name() + "' is declared twice");
                }
            }
            builder.addFunctionDeclarations(extension.functions());
            builder.addFunctionBindings(extension.bindings());
        }
        vars.forEach(builder::addVar);
        this.variables = Map.copyOf(vars);
        this.cel = builder.build();
        // Neutral = what a policy test case with nothing given sees: no task, no stores to read.
        Map<String, Object> neutral = new HashMap<>();
        extensions.forEach(e -> neutral.putAll(e.given(Map.of())));
        this.neutralValues = Map.copyOf(neutral);
    }

    /** The platform's variables with the shipped extensions: {@code flags} (empty) and {@code state} (rate windows, daily counts, recent denials). */
    public static PolicyEnvironment standard() {
        return STANDARD;
    }

    /** The same variables and extensions under other cost limits. */
    public PolicyEnvironment withLimits(CostLimits newLimits) {
        return newLimits.equals(limits) ? this : new PolicyEnvironment(extensions, newLimits);
    }

    public List<PolicyExtension> extensions() {
        return extensions;
    }

    /** Extension values when no task is bound: each extension opened without stores, for a neutral request. */
    public Map<String, Object> neutralValues() {
        return neutralValues;
    }

    /**
     * Parses and type-checks {@code expression} and estimates its cost on the largest request
     * ({@link ConditionCost}). On success the condition is ready to run; otherwise the problems, each
     * with the 1-based line and column inside the expression and CEL's message, or, for a condition
     * estimated above {@link CostLimits#estimated()}, the place of its costliest comprehension.
     */
    public Compiled compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        CelValidationResult result = cel.compile(expression);
        if (result.hasError()) {
            return new Compiled(null, result.getErrors().stream().map(issue -> new Issue(issue.getSourceLocation().getLine(),
                    issue.getSourceLocation().getColumn() + 1, issue.getMessage())).toList());
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            return new Compiled(null, List.of(new Issue(1, 1, e.getMessage())));
        }
        ConditionCost.Estimate estimate = ConditionCost.estimate(ast, variables);
        if (estimate.cost() > limits.estimated()) {
            CelSourceLocation at = ast.getSource().getPositionsMap().containsKey(estimate.exprId())
                    ? ast.getSource().getOffsetLocation(ast.getSource().getPositionsMap().get(estimate.exprId()))
                            .orElse(CelSourceLocation.of(1, 0))
                    : CelSourceLocation.of(1, 0);
            return new Compiled(null, List.of(new Issue(at.getLine(), at.getColumn() + 1, "estimated cost "
                    + (estimate.cost() == Long.MAX_VALUE ? "beyond " + Long.MAX_VALUE : Long.toString(estimate.cost()))
                    + " on the largest request exceeds the limit of " + limits.estimated()
                    + " (iterating over request data inside an iteration over request data, or walking it there, is quadratic)")));
        }
        try {
            return new Compiled(new Condition(expression, cel.createProgram(ast), limits.evaluation()), List.of(),
                    ast.getReferenceMap().values().stream().map(CelReference::name).collect(Collectors.toUnmodifiableSet()));
        } catch (CelEvaluationException e) {
            return new Compiled(null, List.of(new Issue(1, 1, e.getMessage())));
        }
    }

    /** A compiled condition and the variables it reads, or why not. */
    public record Compiled(Condition condition, List<Issue> issues, Set<String> reads) {
        Compiled(Condition condition, List<Issue> issues) {
            this(condition, issues, Set.of());
        }

        public boolean ok() {
            return condition != null;
        }
    }

    /** A CEL problem at a line and column (1-based) of the expression. */
    public record Issue(int line, int column, String message) {
    }
}

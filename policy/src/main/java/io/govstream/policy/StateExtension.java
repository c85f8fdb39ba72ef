package io.govstream.policy;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelVarDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;
import java.util.Map;

/**
 * Declares {@code state}, of the opaque type {@code govstream.State}, and its member functions
 * {@code state.rate(window)}, {@code state.today()}, {@code state.recentDenials(window)} and
 * {@code state.ofSubject()} (the same counts narrowed to the request's subject), bound to
 * {@link PolicyState}. The same declarations in every instance, so a condition type-checks the same
 * at publish time, in policy tests and in the topology. The decision task binds the values to its
 * stores ({@code io.govstream.governance.state.StatefulRules}); policy tests and what-if replays
 * build them from what is given or replayed ({@link GivenState}, {@link ReplayState}).
 */
public final class StateExtension implements PolicyExtension {
    public static final String VARIABLE = "state";
    public static final OpaqueType TYPE = OpaqueType.create("govstream.State");
    /** The declarations are the same everywhere: one instance. */
    public static final StateExtension INSTANCE = new StateExtension();

    private StateExtension() {
    }

    @Override
    public List<CelVarDecl> variables() {
        return List.of(CelVarDecl.newVarDeclaration(VARIABLE, TYPE));
    }

    @Override
    public List<CelFunctionDecl> functions() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("rate",
                        CelOverloadDecl.newMemberOverload("state_rate_string", SimpleType.INT, TYPE, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("today",
                        CelOverloadDecl.newMemberOverload("state_today", SimpleType.INT, TYPE)),
                CelFunctionDecl.newFunctionDeclaration("recentDenials",
                        CelOverloadDecl.newMemberOverload("state_recentDenials_string", SimpleType.INT, TYPE, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("ofSubject",
                        CelOverloadDecl.newMemberOverload("state_ofSubject", TYPE, TYPE)));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("state_rate_string", PolicyState.class, String.class,
                        (state, window) -> call(() -> state.rate(window))),
                CelFunctionBinding.from("state_today", PolicyState.class, state -> call(state::today)),
                CelFunctionBinding.from("state_recentDenials_string", PolicyState.class, String.class,
                        (state, window) -> call(() -> state.recentDenials(window))),
                CelFunctionBinding.from("state_ofSubject", PolicyState.class, PolicyState::ofSubject));
    }

    /** A bad window becomes an evaluation error, so the rule fails closed with the message. */
    private static Object call(java.util.function.LongSupplier count) throws CelEvaluationException {
        try {
            return count.getAsLong();
        } catch (IllegalArgumentException e) {
            throw new CelEvaluationException(e.getMessage(), e);
        }
    }

    /**
     * A test case's {@code given.state}: {@code {rate: {1m: 600}, today: 12, recentDenials: {10m: 3}, ofSubject: {rate: {1m: 5}}}};
     * absent = 0.
     */
    @Override
    public Map<String, Object> given(Map<String, Object> given) {
        Object state = given.get(VARIABLE);
        return Map.of(VARIABLE, GivenState.of(state instanceof Map<?, ?> m ? m : Map.of()));
    }
}

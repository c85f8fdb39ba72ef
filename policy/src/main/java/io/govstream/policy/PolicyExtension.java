package io.govstream.policy;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelVarDecl;
import dev.cel.runtime.CelFunctionBinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Contributes variables and functions to the CEL environment policy conditions are checked and
 * evaluated in: the extension point for stateful rules ({@code state}), feature flags
 * ({@code flags}) and whatever comes next. The platform's own variables ({@code request.*},
 * {@code now}) are not extensions.
 *
 * <p>An extension declares; it does not know where its values live. Declarations are used when a
 * policy is validated (publish time), bindings when it is compiled, {@link #given} in policy tests
 * and what-if replays; the decision task binds each extension to its state stores
 * ({@code io.govstream.governance.policy.TaskExtensions}) and asks the resulting {@link Values} once
 * per decision. Example, a member function {@code state.rate("1m") < 600}:
 *
 * <pre>{@code
 * variables(): List.of(CelVarDecl.newVarDeclaration("state", StateExtension.TYPE))
 * functions(): List.of(CelFunctionDecl.newFunctionDeclaration("rate",
 *         CelOverloadDecl.newMemberOverload("state_rate_string", SimpleType.INT, StateExtension.TYPE, SimpleType.STRING)))
 * bindings():  List.of(CelFunctionBinding.from("state_rate_string", PolicyState.class, String.class,
 *         (state, window) -> state.rate(window)))
 * }</pre>
 */
public interface PolicyExtension {

    /** The variables this extension declares; a condition naming any other variable fails validation. */
    List<CelVarDecl> variables();

    /** The functions (global or member) this extension declares. */
    default List<CelFunctionDecl> functions() {
        return List.of();
    }

    /** Runtime implementations of {@link #functions()}, by overload id. */
    default List<CelFunctionBinding> bindings() {
        return List.of();
    }

    /**
     * The values of this extension's variables in a policy test case, from the case's {@code given}
     * section (the whole section: {@code request}, {@code flags}, {@code state}, {@code now}).
     */
    Map<String, Object> given(Map<String, Object> given);

    /** The values of the extension's variables for one decision (variable name → value). */
    @FunctionalInterface
    interface Values {
        Map<String, Object> of(PolicyInput request, Instant now);

        /**
         * After a valid request was decided (not called for requests that failed validation): stateful
         * extensions count it here, so the conditions that decided it saw the state before it.
         */
        default void decided(PolicyInput request, io.govstream.events.Effect effect, Instant now) {
        }

        /** Periodically, on wall-clock time: drop state no window can read any more (bounded stores). */
        default void expire(Instant now) {
        }
    }
}

package io.govstream.governance.policy;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelVarDecl;
import dev.cel.runtime.CelFunctionBinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Contributes variables and functions to the CEL environment policy conditions are checked and
 * evaluated in: the extension point for stateful rules ({@code state}), feature flags
 * ({@code flags}) and whatever comes next. The platform's own variables ({@code request.*},
 * {@code now}) are not extensions.
 *
 * <p>Declarations are used when a policy is validated (publish time), bindings when it is
 * compiled; {@link #open} is called once per decision task and its values once per decision.
 * Example, a member function {@code state.rate("1m") < 600}:
 *
 * <pre>{@code
 * variables(): List.of(CelVarDecl.newVarDeclaration("state", StateExtension.TYPE))
 * functions(): List.of(CelFunctionDecl.newFunctionDeclaration("rate",
 *         CelOverloadDecl.newMemberOverload("state_rate_string", SimpleType.INT, StateExtension.TYPE, SimpleType.STRING)))
 * bindings():  List.of(CelFunctionBinding.from("state_rate_string", PolicyState.class, String.class,
 *         (state, window) -> ((RateState) state).rate(window)))
 * stores():    Set.of(rateWindowsStoreBuilder)
 * open(stores): (request, now) -> Map.of("state", new RateState(stores.store("rate-windows"), request, now))
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

    /** State stores the decision task connects for this extension (e.g. rate windows); named, changelogged. */
    default Set<StoreBuilder<?>> stores() {
        return Set.of();
    }

    /** Binds the extension to one decision task (its state stores); called from the processor's init. */
    Values open(Stores stores);

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

    /** The decision task's state stores, by name. */
    @FunctionalInterface
    interface Stores {
        <S extends StateStore> S store(String name);

        /** The task the stores belong to (its partition = the ledger chain it writes); null where no task is bound. */
        default TaskId taskId() {
            return null;
        }

        /** The stores of the task {@code context} runs in. */
        static Stores of(ProcessorContext<?, ?> context) {
            return new Stores() {
                @Override
                public <S extends StateStore> S store(String name) {
                    return context.getStateStore(name);
                }

                @Override
                public TaskId taskId() {
                    return context.taskId();
                }
            };
        }
    }
}

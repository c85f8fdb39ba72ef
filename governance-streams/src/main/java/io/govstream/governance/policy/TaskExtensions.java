package io.govstream.governance.policy;

import io.govstream.events.Effect;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.PolicyInput;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a decision task's extension values come from. The policy environment (module {@code policy})
 * only declares what conditions may read; here each declared extension is bound to the task's state:
 * {@code state} to the rate-window, daily-count and recent-denial stores
 * ({@code io.govstream.governance.state.StatefulRules}), {@code flags} to the flags store
 * ({@code io.govstream.governance.flags.FeatureFlags}); any other extension reads its neutral values
 * (what a policy test with nothing given sees). The topology chooses the bindings
 * ({@code io.govstream.governance.TaskBindings}).
 */
public final class TaskExtensions {
    private final List<Binding> bindings;

    /** One binding per extension of the environment, in its order (see {@code io.govstream.governance.TaskBindings}). */
    public TaskExtensions(List<Binding> bindings) {
        this.bindings = List.copyOf(bindings);
    }

    /** Every store the extensions read: the decision task connects them. */
    public Set<StoreBuilder<?>> stores() {
        Set<StoreBuilder<?>> stores = new LinkedHashSet<>();
        bindings.forEach(b -> stores.addAll(b.stores()));
        return stores;
    }

    /** The names of {@link #stores()}. */
    public Set<String> storeNames() {
        Set<String> names = new LinkedHashSet<>();
        bindings.forEach(b -> b.stores().forEach(store -> names.add(store.name())));
        return names;
    }

    /** {@code first}, then those of {@link #storeNames()} not among them: the stores of a processor that also reads the extensions. */
    public String[] storeNamesAfter(String... first) {
        Set<String> names = new LinkedHashSet<>(List.of(first));
        names.addAll(storeNames());
        return names.toArray(String[]::new);
    }

    /**
     * The values of every extension over the stores of the task {@code context} runs in, merged: one map per decision,
     * each hook to every extension.
     */
    public PolicyExtension.Values open(ProcessorContext<?, ?> context) {
        Stores stores = context::getStateStore;
        List<PolicyExtension.Values> opened = bindings.stream().map(b -> b.opener().apply(stores)).toList();
        return new PolicyExtension.Values() {
            @Override
            public Map<String, Object> of(PolicyInput request, Instant now) {
                Map<String, Object> all = new HashMap<>();
                opened.forEach(v -> all.putAll(v.of(request, now)));
                return all;
            }

            @Override
            public void decided(PolicyInput request, Effect effect, Instant now) {
                opened.forEach(v -> v.decided(request, effect, now));
            }

            @Override
            public void expire(Instant now) {
                opened.forEach(v -> v.expire(now));
            }
        };
    }

    /** One extension bound to state: the stores it reads and how its values open over one task's stores. */
    public record Binding(Set<StoreBuilder<?>> stores, Function<Stores, PolicyExtension.Values> opener) {
        public Binding {
            stores = Set.copyOf(stores);
            Objects.requireNonNull(opener, "opener");
        }

        /** No stores: the extension's values when nothing is given. */
        public static Binding neutral(PolicyExtension extension) {
            Map<String, Object> values = extension.given(Map.of());
            return new Binding(Set.of(), stores -> (request, now) -> values);
        }
    }

    /** A decision task's state stores, by name. */
    @FunctionalInterface
    public interface Stores {
        <S extends StateStore> S store(String name);
    }
}

package io.govstream.governance.policy;

import dev.cel.common.CelVarDecl;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Declares {@code flags}, a {@code map(string, dyn)} of feature flag values. {@link #EMPTY} has no
 * flags; the topology replaces it with one over the task's flags store when there is a flags topic
 * ({@code io.govstream.governance.flags.FeatureFlags}). Conditions should guard with
 * {@code 'name' in flags} or {@code flags.?name.orValue(default)}: reading a missing key is an
 * evaluation error.
 */
public final class FlagsExtension implements PolicyExtension {
    public static final String VARIABLE = "flags";
    public static final MapType TYPE = MapType.create(SimpleType.STRING, SimpleType.DYN);
    public static final FlagsExtension EMPTY = new FlagsExtension(Set.of(), stores -> {
        Map<String, Object> values = Map.of(VARIABLE, Map.of());
        return (request, now) -> values;
    });

    private final Set<StoreBuilder<?>> stores;
    private final Function<Stores, Values> opener;

    /**
     * @param stores the stores the decision task connects for the flags
     * @param opener binds to one task's stores; its values must put a {@code map(string, dyn)} under {@link #VARIABLE}
     */
    public FlagsExtension(Set<StoreBuilder<?>> stores, Function<Stores, Values> opener) {
        this.stores = Set.copyOf(stores);
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    public List<CelVarDecl> variables() {
        return List.of(CelVarDecl.newVarDeclaration(VARIABLE, TYPE));
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return stores;
    }

    @Override
    public Values open(Stores taskStores) {
        return opener.apply(taskStores);
    }

    /** A test case's {@code given.flags} map, as is. */
    @Override
    public Map<String, Object> given(Map<String, Object> given) {
        Object flags = given.get(VARIABLE);
        return Map.of(VARIABLE, flags instanceof Map<?, ?> m ? PolicyValues.celValue(m) : Map.of());
    }
}

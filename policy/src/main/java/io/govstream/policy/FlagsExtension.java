package io.govstream.policy;

import dev.cel.common.CelVarDecl;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.List;
import java.util.Map;

/**
 * Declares {@code flags}, a {@code map(string, dyn)} of feature flag values. The decision task
 * reads them from its flags store when there is a flags topic
 * ({@code io.govstream.governance.flags.FeatureFlags}), else they are empty. Conditions should guard with
 * {@code 'name' in flags} or {@code flags.?name.orValue(default)}: reading a missing key is an
 * evaluation error.
 */
public final class FlagsExtension implements PolicyExtension {
    public static final String VARIABLE = "flags";
    public static final MapType TYPE = MapType.create(SimpleType.STRING, SimpleType.DYN);
    /** The declarations are the same everywhere: one instance. */
    public static final FlagsExtension INSTANCE = new FlagsExtension();

    private FlagsExtension() {
    }

    @Override
    public List<CelVarDecl> variables() {
        return List.of(CelVarDecl.newVarDeclaration(VARIABLE, TYPE));
    }

    /** A test case's {@code given.flags} map, as is. */
    @Override
    public Map<String, Object> given(Map<String, Object> given) {
        Object flags = given.get(VARIABLE);
        return Map.of(VARIABLE, flags instanceof Map<?, ?> m ? PolicyValues.celValue(m) : Map.of());
    }
}

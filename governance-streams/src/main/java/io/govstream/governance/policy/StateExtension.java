package io.govstream.governance.policy;

import dev.cel.common.CelVarDecl;
import dev.cel.common.types.OpaqueType;
import java.util.List;
import java.util.Map;

/**
 * Declares {@code state}, of the opaque type {@code govstream.State}, with no functions yet:
 * stateful rules replace this extension with one that declares member functions on {@link #TYPE}
 * and binds them to a {@link PolicyState} implementation (see {@link PolicyExtension}).
 */
public final class StateExtension implements PolicyExtension {
    public static final String VARIABLE = "state";
    public static final OpaqueType TYPE = OpaqueType.create("govstream.State");
    public static final StateExtension NONE = new StateExtension();

    private StateExtension() {
    }

    @Override
    public List<CelVarDecl> variables() {
        return List.of(CelVarDecl.newVarDeclaration(VARIABLE, TYPE));
    }

    @Override
    public Values open(Stores stores) {
        Map<String, Object> values = Map.of(VARIABLE, PolicyState.NONE);
        return (request, now) -> values;
    }

    @Override
    public Map<String, Object> given(Map<String, Object> given) {
        return Map.of(VARIABLE, PolicyState.NONE);
    }
}

package io.govstream.governance;

import io.govstream.governance.flags.FeatureFlags;
import io.govstream.governance.policy.TaskExtensions;
import io.govstream.governance.state.StatefulRules;
import io.govstream.policy.FlagsExtension;
import io.govstream.policy.PolicyEnvironment;
import io.govstream.policy.PolicyExtension;
import io.govstream.policy.StateExtension;
import java.util.ArrayList;
import java.util.List;

/**
 * Which state each policy extension of the environment reads in a decision task. It lives beside the
 * topology, above the packages of the stores ({@code state}, {@code flags}) and of the binding
 * mechanism ({@code policy}), so none of those needs to know the others.
 */
public final class TaskBindings {
    private TaskBindings() {
    }

    /**
     * The environment's extensions bound to a decision task: {@code state} to the stores of {@link StatefulRules},
     * {@code flags} to the flags store (null {@code flags}: always empty), any other extension to its neutral values.
     */
    public static TaskExtensions of(PolicyEnvironment environment, FeatureFlags flags) {
        List<TaskExtensions.Binding> bindings = new ArrayList<>();
        for (PolicyExtension extension : environment.extensions()) {
            if (extension instanceof StateExtension) {
                bindings.add(StatefulRules.binding());
            } else if (extension instanceof FlagsExtension && flags != null) {
                bindings.add(flags.binding());
            } else {
                bindings.add(TaskExtensions.Binding.neutral(extension));
            }
        }
        return new TaskExtensions(bindings);
    }
}

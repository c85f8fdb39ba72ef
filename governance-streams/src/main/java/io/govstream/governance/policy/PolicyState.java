package io.govstream.governance.policy;

/**
 * What CEL conditions see as {@code state}: an opaque value of type {@code govstream.State} whose
 * member functions (e.g. {@code state.rate("1m")}) are bound by a {@link PolicyExtension} to this
 * interface. It declares no method yet: stateful rules add theirs, implemented both over the
 * decision task's state stores and over a policy test case's given values.
 */
public interface PolicyState {
    /** No state: what conditions see until a stateful extension is installed. */
    PolicyState NONE = new PolicyState() {
        @Override
        public String toString() {
            return "PolicyState.NONE";
        }
    };
}

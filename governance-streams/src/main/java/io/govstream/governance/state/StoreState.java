package io.govstream.governance.state;

import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicyState;
import io.govstream.policy.StateScopes;
import io.govstream.policy.StateWindows;
import java.time.Instant;

/** {@code state} of one decision, read from the task's stores at the decision's wall-clock time. */
record StoreState(StatefulRules.TaskStores stores, PolicyInput request, Instant now, boolean isOfSubject) implements PolicyState {

    @Override
    public long rate(String window) {
        return stores.rates().sum(StatefulRules.requestScope(request, isOfSubject), now.getEpochSecond(), StateWindows.seconds(window));
    }

    @Override
    public long today() {
        return stores.daily().get(StatefulRules.requestScope(request, isOfSubject), StateScopes.day(now));
    }

    @Override
    public long recentDenials(String window) {
        return stores.denials().sum(StatefulRules.sourceScope(request, isOfSubject), now.getEpochSecond(), StateWindows.seconds(window));
    }

    @Override
    public PolicyState ofSubject() {
        return isOfSubject ? this : new StoreState(stores, request, now, true);
    }

    @Override
    public String toString() {
        return "state of " + StatefulRules.requestScope(request, isOfSubject) + " at " + now;
    }
}

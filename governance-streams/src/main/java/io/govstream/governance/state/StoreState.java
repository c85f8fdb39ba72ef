package io.govstream.governance.state;

import io.govstream.governance.policy.PolicyInput;
import io.govstream.governance.policy.PolicyState;
import io.govstream.governance.policy.StateWindows;
import java.time.Instant;

/** {@code state} of one decision, read from the task's stores at the decision's wall-clock time. */
final class StoreState implements PolicyState {
    private final StatefulRules.TaskStores stores;
    private final PolicyInput request;
    private final Instant now;

    StoreState(StatefulRules.TaskStores stores, PolicyInput request, Instant now) {
        this.stores = stores;
        this.request = request;
        this.now = now;
    }

    @Override
    public long rate(String window) {
        return stores.rates().sum(StatefulRules.requestScope(request), now.getEpochSecond(), StateWindows.seconds(window));
    }

    @Override
    public long today() {
        return stores.daily().get(StatefulRules.requestScope(request), StatefulRules.day(now));
    }

    @Override
    public long recentDenials(String window) {
        return stores.denials().sum(StatefulRules.sourceScope(request), now.getEpochSecond(), StateWindows.seconds(window));
    }

    @Override
    public String toString() {
        return "state of " + StatefulRules.requestScope(request) + " at " + now;
    }
}

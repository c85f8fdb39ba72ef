package io.govstream.governance.state;

import io.govstream.policy.PolicyInput;
import io.govstream.policy.PolicyState;
import io.govstream.policy.StateWindows;
import java.time.Instant;

/** {@code state} of one decision, read from the task's stores at the decision's wall-clock time. */
final class StoreState implements PolicyState {
    private final StatefulRules.TaskStores stores;
    private final PolicyInput request;
    private final Instant now;
    private final boolean ofSubject;

    StoreState(StatefulRules.TaskStores stores, PolicyInput request, Instant now) {
        this(stores, request, now, false);
    }

    private StoreState(StatefulRules.TaskStores stores, PolicyInput request, Instant now, boolean ofSubject) {
        this.stores = stores;
        this.request = request;
        this.now = now;
        this.ofSubject = ofSubject;
    }

    @Override
    public long rate(String window) {
        return stores.rates().sum(StatefulRules.requestScope(request, ofSubject), now.getEpochSecond(), StateWindows.seconds(window));
    }

    @Override
    public long today() {
        return stores.daily().get(StatefulRules.requestScope(request, ofSubject), StatefulRules.day(now));
    }

    @Override
    public long recentDenials(String window) {
        return stores.denials().sum(StatefulRules.sourceScope(request, ofSubject), now.getEpochSecond(), StateWindows.seconds(window));
    }

    @Override
    public PolicyState ofSubject() {
        return ofSubject ? this : new StoreState(stores, request, now, true);
    }

    @Override
    public String toString() {
        return "state of " + StatefulRules.requestScope(request, ofSubject) + " at " + now;
    }
}

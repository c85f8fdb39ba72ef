package io.govstream.topology.plan;

import java.util.ArrayList;
import java.util.List;

/** Collects what the per-resource planners find. */
final class PlanBuilder {

    private final List<Action> actions = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private int brokers;

    void brokers(int count) {
        brokers = count;
    }

    void topic(String state) {
        topics.add(state);
    }

    void add(Action action) {
        actions.add(action);
    }

    void error(String error) {
        errors.add(error);
    }

    Plan build() {
        return new Plan(actions, errors, brokers, topics);
    }
}

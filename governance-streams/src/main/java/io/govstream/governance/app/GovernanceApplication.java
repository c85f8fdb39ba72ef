package io.govstream.governance.app;

import io.micronaut.runtime.Micronaut;

/** Runs governance-streams on its own, pointed at an existing Kafka cluster and schema registry. */
public final class GovernanceApplication {
    private GovernanceApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).environments("govstream", "governance").start();
    }
}

package io.govstream.governance.app;

import io.govstream.runtime.logging.LogFormat;
import io.micronaut.runtime.Micronaut;

/** Runs governance-streams on its own, pointed at an existing Kafka cluster and schema registry. */
public final class GovernanceApplication {
    private GovernanceApplication() {
    }

    public static void main(String[] args) {
        LogFormat.forService("governance-streams");
        Micronaut.build(args).banner(false).environments("govstream", "governance").start();
    }
}

package io.govstream.axon;

import io.govstream.runtime.logging.LogFormat;
import io.micronaut.runtime.Micronaut;

/** Runs Axon on its own, pointed at an existing Kafka cluster and schema registry. */
public final class AxonApplication {
    private AxonApplication() {
    }

    public static void main(String[] args) {
        LogFormat.forService("axon");
        Micronaut.build(args).banner(false).environments("govstream", "axon").start();
    }
}

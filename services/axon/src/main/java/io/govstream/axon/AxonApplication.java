package io.govstream.axon;

import io.micronaut.runtime.Micronaut;

/** Runs Axon on its own, pointed at an existing Kafka cluster and schema registry. */
public final class AxonApplication {
    private AxonApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).environments("govstream", "axon").start();
    }
}

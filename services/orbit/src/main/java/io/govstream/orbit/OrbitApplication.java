package io.govstream.orbit;

import io.micronaut.runtime.Micronaut;

/** Runs Orbit on its own, pointed at an existing Kafka cluster and schema registry. */
public final class OrbitApplication {
    private OrbitApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).environments("govstream", "orbit").start();
    }
}

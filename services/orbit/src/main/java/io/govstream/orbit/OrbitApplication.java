package io.govstream.orbit;

import io.govstream.runtime.logging.LogFormat;
import io.micronaut.runtime.Micronaut;

/** Runs Orbit on its own, pointed at an existing Kafka cluster and schema registry. */
public final class OrbitApplication {
    private OrbitApplication() {
    }

    public static void main(String[] args) {
        LogFormat.forService("orbit");
        Micronaut.build(args).banner(false).environments("govstream", "orbit").start();
    }
}

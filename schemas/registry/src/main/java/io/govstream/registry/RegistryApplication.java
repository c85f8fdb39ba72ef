package io.govstream.registry;

import io.micronaut.runtime.Micronaut;

/** Runs the registry on its own: {@code java io.govstream.registry.RegistryApplication}. */
public final class RegistryApplication {
    /** The environment that switches the registry's beans on. */
    public static final String ENVIRONMENT = "registry";

    private RegistryApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).environments(ENVIRONMENT).start();
    }
}

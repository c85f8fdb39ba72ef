package io.govstream.cli.deploy;

import io.govstream.cli.ClientConfigOption;
import io.govstream.governance.deployment.Environments;
import io.govstream.topology.Catalogue;
import io.govstream.topology.Topics;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every {@code govctl deploy} command shares: the cluster (client config) and the tenant. */
public final class DeployClient {
    @Mixin
    ClientConfigOption config;
    @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = "default",
            description = "Tenant the release belongs to (decisions and the ledger carry it). Default: ${DEFAULT-VALUE}.")
    String tenant;

    Map<String, Object> client() {
        return config.clientProperties();
    }

    Topics topics() {
        return new Topics(Catalogue.load());
    }

    DeploymentPublisher publisher() {
        Map<String, Object> client = client();
        Object registry = client.get("schema.registry.url");
        if (registry == null) {
            throw new IllegalArgumentException("no schema.registry.url in the client config");
        }
        return new DeploymentPublisher(client, topics().deployments(), registry.toString());
    }

    /** @throws IllegalArgumentException unless {@code env} is on the release path */
    static String environment(String option, String env) {
        if (!Environments.known(env)) {
            throw new IllegalArgumentException(option + " '" + env + "' is not one of " + String.join(", ", Environments.ORDER));
        }
        return env;
    }

    /** @throws IllegalArgumentException if blank */
    static String name(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " is blank");
        }
        return value;
    }
}
